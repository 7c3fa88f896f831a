package io.finack.loop;

/** What the caller of a running loop can do: follow its progress, and ask it to stop early. */
public interface LoopControl {
    /** A loop nobody follows or stops. */
    LoopControl NONE = new LoopControl() {
        @Override
        public void progress(long connections, long elapsedNanos) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    /** After each connection: how many so far, and the loop's time. Called on the loop's thread: keep it quick. */
    void progress(long connections, long elapsedNanos);

    /** Asked before each connection; true ends the loop there. */
    boolean stopRequested();
}

package io.finack.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long loop end with its report when the user presses Ctrl-C (or the process gets
 * SIGTERM): a shutdown hook asks the loop to stop and holds the JVM's exit until the report is
 * out ({@link #close}), for at most {@link #GRACE_SECONDS}. The exit status is then the signal's
 * (130 for SIGINT, 143 for SIGTERM), as for any process a signal ended.
 */
final class SignalStop implements AutoCloseable {
    /** Longer than the connection under way takes and the report's writing, short enough for a user's patience. */
    private static final long GRACE_SECONDS = 10;

    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private SignalStop() {
        hook = new Thread(() -> {
            requested = true;
            try {
                reported.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "finack-loop-stop");
    }

    static SignalStop install() {
        SignalStop stop = new SignalStop();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** True once a signal asked the process to end. */
    boolean requested() {
        return requested;
    }

    /** The report is out: the exit may go on (or, without a signal, the hook is no longer needed). */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running and now returns.
        }
    }
}

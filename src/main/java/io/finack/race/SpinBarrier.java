package io.finack.race;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A barrier for two threads that never sleep: each spins until both have arrived for the same
 * round. Waking a sleeping thread takes tens to hundreds of microseconds here, far more than the
 * few microseconds a kernel needs to process a segment, so a race released by a blocking
 * barrier would not be one.
 */
final class SpinBarrier {
    private static final int PARTIES = 2;

    private final AtomicLong arrivals = new AtomicLong();

    /**
     * Arrives for {@code round} (1, 2, 3... each party in the same order) and spins until the
     * other party arrives too; false if it has not by {@code deadlineNanos} (System.nanoTime).
     */
    boolean await(long round, long deadlineNanos) {
        arrivals.incrementAndGet();
        long target = PARTIES * round;
        int spins = 0;
        while (arrivals.get() < target) {
            Thread.onSpinWait();
            if ((++spins & 0x3ff) == 0 && System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
        }
        return true;
    }
}

package io.finack.race;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A barrier for two threads that never sleep: each arrives once a round and spins until both
 * have arrived for it. Waking a sleeping thread takes tens to hundreds of microseconds here,
 * far more than the few microseconds a kernel needs to process a segment, so a race released by
 * a blocking barrier would not be one.
 */
final class SpinBarrier {
    private static final int PARTIES = 2;

    private final AtomicLong arrivals = new AtomicLong();

    /** Waits {@code nanos} without leaving the CPU: a sleep would last tens of microseconds at least. */
    static void spin(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    /** Arrives for the next round; each party arrives once a round, rounds numbered from 1. */
    void arrive() {
        arrivals.incrementAndGet();
    }

    /**
     * Spins until both parties have arrived for {@code round}; false if they have not by
     * {@code deadlineNanos} (System.nanoTime), and the caller may wait again.
     */
    boolean awaitBoth(long round, long deadlineNanos) {
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

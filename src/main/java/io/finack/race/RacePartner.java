package io.finack.race;

import io.finack.kernel.SyscallException;
import io.finack.kernel.ThreadScheduling;
import io.finack.wire.PacketSocket;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The second racer: a thread pinned to its own CPU that spins until the driver posts a frame,
 * meets the driver at the barrier and sends the frame from its CPU at the moment the driver
 * sends its own. While active it spins between rounds, so that no wake-up separates the two
 * sends; between batches of rounds it sleeps, leaving its CPU to others: on a loaded machine a
 * thread that spins all the time is descheduled for milliseconds at a time, and every round
 * would wait for it.
 */
final class RacePartner implements Runnable {
    private static final long STOP_CHECK_NANOS = 100_000_000L;
    private static final long STOP_LIMIT_MILLIS = 1000;

    private final int cpu;
    private final boolean realtime;
    private final long delayNanos;
    private final PacketSocket socket;
    private final SpinBarrier barrier;
    private final byte[] frame;
    private int length;
    private volatile Thread thread;
    private volatile boolean active;
    private volatile boolean running;
    private volatile long posted;
    private volatile long done;
    private volatile boolean stopping;
    private volatile Throwable failure;

    /** {@code delayNanos}: how long after the barrier the partner sends (0: at once). */
    RacePartner(int cpu, boolean realtime, long delayNanos, PacketSocket socket, SpinBarrier barrier, int maxFrame) {
        this.cpu = cpu;
        this.realtime = realtime;
        this.delayNanos = delayNanos;
        this.socket = socket;
        this.barrier = barrier;
        this.frame = new byte[maxFrame];
    }

    /** Starts the partner's thread, asleep until {@link #activate}. */
    void start() {
        Thread t = new Thread(this, "race-partner");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Wakes the partner and waits until it spins; false if it does not by the deadline. */
    boolean activate(long deadlineNanos) {
        active = true;
        LockSupport.unpark(thread);
        return spinUntil(() -> running, deadlineNanos);
    }

    /** Lets the partner sleep after the round it is in. */
    void deactivate() {
        active = false;
    }

    /** The buffer the driver writes the partner's next frame into before {@link #post}. */
    byte[] frame() {
        return frame;
    }

    /** Hands round {@code round}'s frame (already in {@link #frame()}) to the partner. */
    void post(long round, int frameLength) {
        length = frameLength;
        posted = round;  // volatile write: publishes the frame and its length
    }

    /** Waits until the partner has sent round {@code round}'s frame; false after the deadline. */
    boolean awaitSent(long round, long deadlineNanos) {
        return spinUntil(() -> done >= round, deadlineNanos);
    }

    /** Spins until {@code condition} holds; false at the deadline or when the partner has failed. */
    private boolean spinUntil(BooleanSupplier condition, long deadlineNanos) {
        int spins = 0;
        while (!condition.getAsBoolean()) {
            Thread.onSpinWait();
            if ((++spins & 0x3ff) == 0 && (System.nanoTime() - deadlineNanos > 0 || failure != null)) {
                return false;
            }
        }
        return true;
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Ends the thread and waits for it. */
    void stop() throws InterruptedException {
        stopping = true;
        LockSupport.unpark(thread);
        thread.join(STOP_LIMIT_MILLIS);
    }

    @Override
    public void run() {
        try {
            ThreadScheduling.pinCurrentThread(cpu);
            if (realtime) {
                // For good: it sleeps between batches, and its wake-up then takes the CPU at once.
                ThreadScheduling.realtime(true);
            }
            long last = 0;
            while (!stopping) {
                if (!active) {
                    running = false;
                    LockSupport.park(this);
                    continue;
                }
                running = true;
                long round = posted;
                if (round == last) {
                    Thread.onSpinWait();
                    continue;
                }
                last = round;
                barrier.arrive();
                // No limit here: the driver has posted the round, so it arrives; only stop() ends the wait.
                while (!barrier.awaitBoth(round, System.nanoTime() + STOP_CHECK_NANOS)) {
                    if (stopping) {
                        return;
                    }
                }
                SpinBarrier.spin(delayNanos);
                socket.send(frame, length);
                done = round;
            }
        } catch (SyscallException | IOException | RuntimeException e) {
            failure = e;
        }
    }
}

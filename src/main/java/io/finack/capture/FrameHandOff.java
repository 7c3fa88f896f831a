package io.finack.capture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A {@link FrameSink} that hands the frames it gets, in batches and in order, to another sink
 * on a thread of its own: the reader decodes the next records while that sink follows the
 * last ones, so a capture file is read on two CPUs. A few batches of copied views go round
 * between the two threads, so memory stays constant; the reader waits when all are full.
 * Before the reader waits for a stream's next bytes ({@link #beforeWait}), the frames so far
 * go on, so a live stream's findings come as soon as without the hand-off.
 *
 * <p>Use: pass it to the reader, then call {@link #finish} (the frames so far have all reached
 * the sink when it returns) or, when the read failed, {@link #close}.
 */
public final class FrameHandOff implements FrameSink, AutoCloseable {
    static final int BATCH = 2048;
    private static final int BATCHES = 4;
    private static final Batch END = new Batch(0);

    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final Thread consumer;
    private volatile Throwable failure;
    private volatile boolean stopped;
    private Batch filling;

    private static final class Batch {
        final TcpView[] views;
        int size;

        Batch(int capacity) {
            views = new TcpView[capacity];
            for (int i = 0; i < capacity; i++) {
                views[i] = new TcpView();
            }
        }
    }

    /** Starts the thread that feeds {@code sink}, named {@code name}. */
    public FrameHandOff(FrameSink sink, String name) {
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch(BATCH));
        }
        consumer = new Thread(() -> follow(sink), name);
        consumer.setDaemon(true);
        consumer.start();
    }

    @Override
    public void tcp(TcpView frame) {
        if (filling == null) {
            filling = take(free);
        }
        filling.views[filling.size++].copyOf(frame);
        if (filling.size == BATCH) {
            put(filling);
            filling = null;
        }
    }

    @Override
    public void beforeWait() {
        if (filling != null && filling.size > 0) {
            put(filling);
            filling = null;
        }
    }

    /**
     * Hands on the last batch and waits until the sink has had every frame; what the sink
     * threw, it throws (an unchecked exception or error as it was).
     */
    public void finish() {
        beforeWait();
        put(END);
        join();
        if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Stops the sink's thread without waiting for the frames still in batches. */
    @Override
    public void close() {
        stopped = true;
        consumer.interrupt();
        join();
    }

    private void follow(FrameSink sink) {
        try {
            for (Batch b; (b = full.take()) != END; ) {
                if (!stopped && failure == null) {
                    try {
                        for (int i = 0; i < b.size; i++) {
                            sink.tcp(b.views[i]);
                        }
                    } catch (RuntimeException | Error e) {
                        // Kept for finish(); the batches still go round, so the reader never waits for good.
                        failure = e;
                    }
                }
                b.size = 0;
                free.put(b);
            }
        } catch (InterruptedException e) {
            // Closed: the frames left are not wanted.
        }
    }

    private static Batch take(BlockingQueue<Batch> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing frames on", e);
        }
    }

    private void put(Batch b) {
        try {
            full.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing frames on", e);
        }
    }

    private void join() {
        try {
            consumer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

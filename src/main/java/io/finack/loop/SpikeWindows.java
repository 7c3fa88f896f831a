package io.finack.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps a bounded window of the capture around each flagged connection, so that a loop of any
 * length holds and writes a bounded number of frames.
 *
 * <p>The capture thread hands over every frame ({@link #frame}); a ring keeps the latest ones.
 * When the loop flags a connection ({@link #flag}: still connecting after the threshold, or
 * failed), a window opens with the ring's frames and takes every frame after them until the
 * connection has ended ({@link #ended}: frames stamped after its close belong to what follows)
 * and a short tail beyond, within the bounds of {@link WindowBounds}. The capture lags the loop
 * (by hundreds of frames while the JIT warms up), so a window starts at its connection's first
 * frame, not at the flag, and the next connection may be flagged while a window still waits for
 * its last frames: windows overlap. Thread-safe: the capture thread and the loop's thread meet on
 * this object's lock.
 *
 * <p>A capture that runs for days ({@code finack watch}) hands each window on as it completes
 * (a listener) instead of keeping it: {@link WindowBounds#maxWindows()} then bounds the windows
 * open at once.
 */
public final class SpikeWindows {
    private static final long NOT_ENDED = Long.MAX_VALUE;

    private final WindowBounds bounds;
    private final FrameRing ring;
    private final List<SpikeWindow> kept = new ArrayList<>();
    private final Consumer<SpikeWindow> completed;
    private final List<Open> open = new ArrayList<>();
    private long notKept;
    private long frames;
    private long latestNanos = Long.MIN_VALUE;
    private int waiting;

    SpikeWindows(WindowBounds bounds) {
        this.bounds = bounds;
        this.ring = new FrameRing(bounds.framesBefore(), bounds.bytesBefore());
        this.completed = kept::add;
    }

    /** Windows that hand each completed window to {@code completed} (on the thread that completed it) and keep none. */
    public SpikeWindows(WindowBounds bounds, Consumer<SpikeWindow> completed) {
        this.bounds = bounds;
        this.ring = new FrameRing(bounds.framesBefore(), bounds.bytesBefore());
        this.completed = completed;
    }

    /** One more captured frame, in capture order (the capture thread). */
    public synchronized void frame(long epochNanos, byte[] raw) {
        RawFrame f = new RawFrame(epochNanos, raw);
        frames++;
        latestNanos = Math.max(latestNanos, epochNanos);
        for (Iterator<Open> i = open.iterator(); i.hasNext(); ) {
            Open w = i.next();
            if (w.before == null && epochNanos >= w.startedAt) {
                w.begin(ring.snapshot());
            }
            if (w.before != null && !w.accept(f)) {
                i.remove();
                completed.accept(w.window());
            }
        }
        // Every frame goes to the ring, windows' frames too: a slow connection right after
        // another one still finds its own start there.
        ring.add(f);
        if (waiting > 0) {
            notifyAll();
        }
    }

    /**
     * {@code connection}, begun at {@code startedAt} (capture clock), is worth a window (still
     * connecting after the threshold, or failed): open one, if one may still be kept and it has
     * none yet. Its frames before are those the ring holds when the connection's first frame
     * comes: now, if the capture has handed that over already, else when it does.
     */
    synchronized void flag(long connection, long startedAt) {
        if (open.stream().anyMatch(w -> !w.path && w.connection == connection) || full()) {
            return;
        }
        Open w = new Open(connection, startedAt, false);
        if (latestNanos >= startedAt) {
            w.begin(ring.snapshot());
        }
        open.add(w);
    }

    /**
     * The detector over the whole capture found the {@code seen}-th connection the capture saw
     * begin (its count, not the loop's) on the stale-ACK path, at the frame just handed over (the
     * SYN retry): a window of the ring's frames up to it, then the tail. On the capture thread,
     * after {@link #frame}; such windows count against the same bound as flagged ones. False
     * when the bound let none open.
     */
    public synchronized boolean flagPath(long seen) {
        if (full()) {
            return false;
        }
        Open w = new Open(seen, Long.MIN_VALUE, true);
        w.begin(ring.snapshot());
        w.endedAt = latestNanos;
        open.add(w);
        return true;
    }

    /** True, and counted, when no further window may be kept. */
    private boolean full() {
        if (kept.size() + open.size() >= bounds.maxWindows()) {
            notKept++;
            return true;
        }
        return false;
    }

    /** {@code connection} was closed at {@code epochNanos} (capture clock): its frames are stamped no later. */
    synchronized void ended(long connection, long epochNanos) {
        open.stream().filter(w -> !w.path && w.connection == connection).forEach(w -> w.endedAt = epochNanos);
    }

    /**
     * Waits until the capture has handed over a frame stamped at or after {@code epochNanos}, or
     * {@code timeout} has passed; true when it has. The loop waits so for its last close before
     * it stops the capture, so the last window is complete.
     */
    synchronized boolean awaitCaptured(long epochNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiting++;
        try {
            while (latestNanos < epochNanos) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } finally {
            waiting--;
        }
    }

    /**
     * Ends the open windows whose connection ended before {@code epochNanos} (capture clock):
     * on a quiet capture the tail's frames may never come, and a window waits no longer than that.
     */
    public synchronized void finishEndedBefore(long epochNanos) {
        List<Open> ending = open.stream().filter(w -> w.before != null && w.endedAt < epochNanos).toList();
        open.removeAll(ending);
        ending.forEach(w -> completed.accept(w.window()));
    }

    /** Ends the open windows: the capture has stopped. */
    public synchronized void finish() {
        List<Open> ending = open.stream().filter(w -> w.before != null).toList();
        open.clear();
        ending.forEach(w -> completed.accept(w.window()));
    }

    /** The windows kept, by connection (the capture's count for stale-ACK path windows). */
    synchronized List<SpikeWindow> windows() {
        return kept.stream().sorted(Comparator.comparingLong(SpikeWindow::connection)).toList();
    }

    /** Windows not kept, because {@link WindowBounds#maxWindows()} were (open at once, with a listener). */
    public synchronized long notKept() {
        return notKept;
    }

    /** Frames handed over so far. */
    synchronized long frames() {
        return frames;
    }

    /** The window being filled. */
    private final class Open {
        private final long connection;
        private final long startedAt;
        private final boolean path;
        /** Null until the connection's first frame comes. */
        private List<RawFrame> before;
        private final List<RawFrame> after = new ArrayList<>();
        private long afterBytes;
        private long endedAt = NOT_ENDED;
        private int tail;
        private boolean truncated;

        Open(long connection, long startedAt, boolean path) {
            this.connection = connection;
            this.startedAt = startedAt;
            this.path = path;
        }

        void begin(List<RawFrame> ringFrames) {
            before = ringFrames;
        }

        /** Takes {@code f}, or returns false when the window is complete without it. */
        boolean accept(RawFrame f) {
            boolean pastEnd = f.epochNanos() > endedAt;
            if (pastEnd && tail == bounds.tailFrames()) {
                return false;
            }
            if (after.size() == bounds.framesAfter() || afterBytes + f.raw().length > bounds.bytesAfter()) {
                truncated = !pastEnd;
                return false;
            }
            if (pastEnd) {
                tail++;
            }
            after.add(f);
            afterBytes += f.raw().length;
            return true;
        }

        SpikeWindow window() {
            List<RawFrame> all = new ArrayList<>(before);
            all.addAll(after);
            return new SpikeWindow(connection, path, all, before.size(), truncated);
        }
    }
}

package io.finack.watch;

import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.FinWait2;
import io.finack.analysis.PathFinding;
import io.finack.analysis.StaleAckDetector;
import io.finack.capture.LiveRecords;
import io.finack.loop.SpikeWindow;
import io.finack.loop.SpikeWindows;
import io.finack.loop.WindowBounds;
import io.finack.wire.CaptureOpenException;
import io.finack.wire.Sniffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code finack watch}: a live, read-only capture of one interface of the caller's network
 * namespace, streamed through the stale-ACK detector that {@code finack analyze} uses, frame by
 * frame as the kernel hands them over. It never sends a frame and changes no setting: the
 * capture is not promiscuous, and the filter is a socket filter on finack's own socket.
 *
 * <p>Each finding worth a line goes to the listener as it is decided. With an evidence folder,
 * a window of the capture around each one is kept (the reconnect loop's {@link SpikeWindows})
 * and written as it completes, within a total size cap. The counts live in {@link WatchMetrics},
 * served to Prometheus when asked.
 *
 * <p>One thread (the capture's) decodes and detects; {@link #tick} (the caller's thread, about
 * once a second) moves the detector's clock on through quiet moments and prints the summary
 * when due. They meet on one lock, uncontended nearly always.
 */
public final class Watch implements AutoCloseable {
    /**
     * Up to 1024 frames (512 KiB) before the frame that decided a finding: at a few thousand
     * frames a second that reaches back past a 1 s SYN retry to the first SYN, on a quiet host
     * much further. 32 frames after it (the handshake that follows); 16 windows open at once.
     */
    public static final WindowBounds WINDOW = new WindowBounds(1024, 512 << 10, 32, 64 << 10, 32, 16);
    /** A window whose 32 frames after do not come (a quiet host) is written this long after its finding. */
    public static final Duration TAIL_WAIT = Duration.ofSeconds(2);

    private final WatchSpec spec;
    private final Sniffer sniffer;
    private final WatchListener listener;
    private final WatchMetrics metrics = new WatchMetrics();
    private final StaleAckDetector detector;
    private final LiveRecords records;
    private final Optional<SpikeWindows> windows;
    private final Optional<EvidenceFiles> evidence;
    private final Optional<InetSocketAddress> metricsAddress;
    private final Object lock = new Object();
    /** Findings waiting for their window to complete, by their number. */
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Thread thread;
    /** The capture time of the frame being decoded: the time its findings are decided. */
    private long decidingNanos;
    private long listed;
    private long lastSummary = System.nanoTime();
    private boolean stopped;

    private record Pending(long epochNanos, PathFinding finding) {
    }

    private Watch(WatchSpec spec, Sniffer sniffer, WatchListener listener) throws IOException {
        this.spec = spec;
        this.sniffer = sniffer;
        this.listener = listener;
        this.detector = new StaleAckDetector(spec.fastRetryLimit(), spec.idleTimeout(), spec.maxFlows(),
                this::finding, this::finWait2);
        this.records = new LiveRecords(sniffer.linkType(), detector::accept);
        this.windows = spec.evidenceDir().map(dir -> new SpikeWindows(WINDOW, this::windowCompleted));
        this.evidence = spec.evidenceDir().map(dir -> new EvidenceFiles(dir, spec.maxEvidenceBytes(), sniffer.linkType(),
                WatchSpec.SNAPLEN));
        this.metricsAddress = spec.metrics().isPresent() ? Optional.of(metrics.serve(spec.metrics().get())) : Optional.empty();
        this.thread = new Thread(() -> sniffer.loop(this::record), "finack-watch-capture");
    }

    /**
     * Opens the capture and the metrics endpoint and starts reading, on a thread of its own made
     * by the calling thread (so in its network namespace). A capture that cannot be opened
     * throws {@link CaptureOpenException}; a metrics address that cannot be bound, IOException.
     */
    public static Watch start(WatchSpec spec, WatchListener listener) throws IOException {
        Sniffer sniffer = Sniffer.open(spec.device(), WatchSpec.SNAPLEN, WatchSpec.BUFFER_BYTES, spec.filter());
        Watch watch;
        try {
            int linkType = sniffer.linkType();
            if (!LiveRecords.supported(linkType)) {
                throw new CaptureOpenException(CaptureOpenException.Kind.NO_SUCH_DEVICE, spec.device() + " carries "
                        + LiveRecords.name(linkType) + " frames, which finack cannot decode");
            }
            watch = new Watch(spec, sniffer, listener);
        } catch (IOException | RuntimeException e) {
            sniffer.close();
            throw e;
        }
        watch.thread.start();
        return watch;
    }

    /** Where the metrics endpoint listens, if it does (the port the kernel chose for port 0). */
    public Optional<InetSocketAddress> metricsAddress() {
        return metricsAddress;
    }

    /** The capture's link type, for messages. */
    public String linkTypeName() {
        return LiveRecords.name(sniffer.linkType());
    }

    /**
     * Moves the detector's clock to now, so that attempts on flows gone quiet are decided, reads
     * the kernel's drop count, and hands the listener a summary when one is due. Throws when the
     * capture has failed.
     */
    public void tick() throws IOException {
        if (sniffer.failure().isPresent()) {
            Throwable t = sniffer.failure().get();
            throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
        }
        long dropped = sniffer.stats().dropped();
        synchronized (lock) {
            metrics.dropped(dropped);
            detector.advance(nowNanos());
            windows.ifPresent(w -> w.finishEndedBefore(nowNanos() - TAIL_WAIT.toNanos()));
            if (System.nanoTime() - lastSummary >= spec.interval().toNanos()) {
                lastSummary = System.nanoTime();
                listener.summary(metrics.summary(nowNanos(), false));
            }
        }
    }

    /**
     * Stops the capture, reads what the kernel still holds, reports the attempts still open,
     * writes the windows still open and hands the listener the last summary, which it returns.
     */
    public WatchSummary stop() throws IOException {
        synchronized (this) {
            if (stopped) {
                throw new IllegalStateException("watch already stopped");
            }
            stopped = true;
        }
        sniffer.stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long dropped = sniffer.stats().dropped();
        // What the kernel held at the stop, a full ring at most.
        sniffer.drain(this::record, WatchSpec.BUFFER_BYTES / WatchSpec.SNAPLEN);
        synchronized (lock) {
            metrics.dropped(dropped);
            decidingNanos = nowNanos();
            detector.finish();
            windows.ifPresent(SpikeWindows::finish);
            WatchSummary last = metrics.summary(nowNanos(), true);
            listener.summary(last);
            return last;
        }
    }

    /** Frees the capture and the metrics endpoint; after {@link #stop}, or instead of it on an error. */
    @Override
    public void close() {
        sniffer.close();
        metrics.close();
    }

    private void record(long epochNanos, byte[] raw, int originalLength) {
        synchronized (lock) {
            metrics.frame();
            // The window takes the frame first: a finding decided on it opens a window that holds it.
            windows.ifPresent(w -> w.frame(epochNanos, raw));
            decidingNanos = epochNanos;
            records.record(raw, epochNanos, originalLength);
        }
    }

    private void finding(PathFinding f) {
        metrics.finding(f);
        if (!CaptureAnalysis.listed(f)) {
            return;
        }
        long number = ++listed;
        listener.finding(decidingNanos, f);
        if (windows.isPresent()) {
            if (windows.get().flagPath(number)) {
                pending.put(number, new Pending(decidingNanos, f));
            } else {
                metrics.evidenceNotWritten();
            }
        }
    }

    private void finWait2(FinWait2 f) {
        metrics.finWait2();
    }

    private void windowCompleted(SpikeWindow window) {
        Pending p = pending.remove(window.connection());
        if (p == null) {
            return;
        }
        Evidence e;
        try {
            e = evidence.orElseThrow().write(window, p.epochNanos(), window.connection(), p.finding());
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        if (e.pcap().isPresent()) {
            metrics.evidence(e.bytes());
        } else {
            metrics.evidenceNotWritten();
        }
        listener.evidence(e);
    }

    /** The capture's clock: CLOCK_REALTIME, in which the kernel stamps captured frames. */
    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}

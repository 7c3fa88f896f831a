package io.finack.loop;

import io.finack.analysis.PathFinding;
import io.finack.analysis.StaleAckDetector;
import io.finack.analysis.Verdict;
import io.finack.wire.CapturedFrame;
import io.finack.wire.FrameCodec;
import io.finack.wire.FrameView;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The stale-ACK detector over the whole loop's capture, streaming: it counts every connection
 * attempt's verdict, keeps the distribution of the RST -> SYN retry interval, and keeps the first
 * {@link #MAX_ENTERED} findings that entered the path, but no frame, so a loop of any length
 * fits. It sees the fast retries (~2 jiffies) that stay under any sensible threshold, and tells
 * of each finding it keeps as it is made, so that a window can be kept around it too.
 */
final class PathCounter {
    /** Findings that entered the path kept one by one; past it they are only counted. */
    static final int MAX_ENTERED = 100;
    /** SYN times kept: an attempt's findings come within a few SYNs of its own. */
    private static final int RECENT_SYNS = 64;

    private final StaleAckDetector detector = new StaleAckDetector(StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT, this::count);
    private final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
    private final LatencyRecorder rstToRetry = new LatencyRecorder();
    private final LongSupplier connectionsSeen;
    private final List<Entered> entered = new ArrayList<>();
    private final LongConsumer onEntered;
    /** The time of the latest SYNs, by frame number: a finding names its SYN by number. */
    private final Map<Long, Long> synTimes = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > RECENT_SYNS;
        }
    };
    private long frames;
    private long lastEpochNanos;

    /**
     * A finding that entered the path, the capture's count of connections then, the time of its
     * SYN and the time it was made (its SYN retry, or the end).
     */
    record Entered(long connectionsSeen, long synEpochNanos, long epochNanos, PathFinding finding) {
    }

    /**
     * {@code connectionsSeen} counts the connections the capture has seen begin, the one a
     * finding belongs to included: the SYN retry the finding is made on keeps its ISN.
     * {@code onEntered} hears that count for each finding kept, as it is made.
     */
    PathCounter(LongSupplier connectionsSeen, LongConsumer onEntered) {
        this.connectionsSeen = connectionsSeen;
        this.onEntered = onEntered;
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, 0L);
        }
    }

    /** One more captured frame, in capture order. */
    void frame(long epochNanos, byte[] raw) {
        frames++;
        lastEpochNanos = epochNanos;
        long number = frames;
        // Most frames (data, FIN, RST of connections already answered) change nothing: the
        // header read in place says so, and the full decode is skipped.
        Optional<FrameView> header = FrameView.of(raw);
        if (header.isEmpty() || detector.ignores(header.get())) {
            return;
        }
        if (header.get().flags().syn() && !header.get().flags().ack()) {
            synTimes.put(number, epochNanos);
        }
        FrameCodec.decodeEthernet(raw).ifPresent(tcp -> detector.accept(new CapturedFrame(number, epochNanos, raw, tcp)));
    }

    /** Ends the attempts still open: the capture is over. */
    void finish() {
        detector.finish();
    }

    private void count(PathFinding f) {
        verdicts.merge(f.verdict(), 1L, Long::sum);
        if (f.verdict() != Verdict.NO_STALE_ACK && entered.size() < MAX_ENTERED) {
            long seen = connectionsSeen.getAsLong();
            entered.add(new Entered(seen, synTimes.getOrDefault(f.synFrame(), lastEpochNanos), lastEpochNanos, f));
            onEntered.accept(seen);
        }
        if (f.rstToRetryMs() != null) {
            rstToRetry.record(Math.round(f.rstToRetryMs() * 1e6));
        }
    }

    /** How many attempts took each verdict, every verdict present. */
    Map<Verdict, Long> verdicts() {
        return Map.copyOf(verdicts);
    }

    /** The first findings that entered the path, in the order made. */
    List<Entered> entered() {
        return List.copyOf(entered);
    }

    /** RST -> SYN retry over every attempt that got that far. */
    LatencyRecorder rstToRetry() {
        return rstToRetry;
    }
}

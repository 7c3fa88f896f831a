package io.finack.analysis;

import io.finack.tcp.TcpHeader;
import io.finack.wire.CaptureFileException;
import io.finack.wire.CapturedFrame;
import io.finack.wire.PcapReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the stale ACK -> RST -> SYN retry path in a stream of captured frames, live or read
 * from a file, and gives one {@link PathFinding} per connection attempt.
 *
 * <p>Role-agnostic: every SYN without ACK opens an attempt by its sender, and the other side's
 * next segment on that 4-tuple decides whether the path was entered. Streaming: state is kept
 * per 4-tuple with an attempt open, and dropped when the attempt is over, never a list of
 * frames, so captures of any size fit. A SYN retry that gets a stale ACK again opens a new
 * chain; its other outcomes belong to the chain already reported.
 *
 * <p>Feed frames in capture order with {@link #accept}, then call {@link #finish} once.
 */
public final class StaleAckDetector {
    /**
     * The kernel's TCP_RTO_MIN (200 ms): a fixed kernel resends after 2 jiffies (2-10 ms), an
     * unfixed one waits the initial RTO of 1 s, so the limit falls well between the two.
     */
    public static final Duration DEFAULT_FAST_RETRY_LIMIT = Duration.ofMillis(200);

    private final long fastRetryLimitNanos;
    private final Map<Flow, Attempt> open = new HashMap<>();
    private final List<PathFinding> findings = new ArrayList<>();
    /** Where findings go as they are made: the list above, unless the caller streams them elsewhere. */
    private final Consumer<PathFinding> sink;
    private boolean finished;

    public StaleAckDetector() {
        this(DEFAULT_FAST_RETRY_LIMIT);
    }

    /** A detector calling a retry FAST_RETRY when it comes less than {@code fastRetryLimit} after the RST. */
    public StaleAckDetector(Duration fastRetryLimit) {
        this(fastRetryLimit, null);
    }

    /**
     * A detector that hands each finding to {@code sink} as soon as it is made, in the order
     * made, and keeps none: for a capture too long to hold one finding per attempt. Its
     * {@link #finish} returns an empty list.
     */
    public StaleAckDetector(Duration fastRetryLimit, Consumer<PathFinding> sink) {
        if (fastRetryLimit.isNegative() || fastRetryLimit.isZero()) {
            throw new IllegalArgumentException("fast retry limit must be positive: " + fastRetryLimit);
        }
        this.fastRetryLimitNanos = fastRetryLimit.toNanos();
        this.sink = sink == null ? findings::add : sink;
    }

    /** Finds the path in frames given in capture order. */
    public static List<PathFinding> detect(Iterable<CapturedFrame> frames) {
        StaleAckDetector detector = new StaleAckDetector();
        frames.forEach(detector::accept);
        return detector.finish();
    }

    /** Finds the path in a pcap or pcapng file, streaming it. */
    public static List<PathFinding> detect(Path captureFile) throws CaptureFileException {
        StaleAckDetector detector = new StaleAckDetector();
        PcapReader.read(captureFile, detector::accept);
        return detector.finish();
    }

    /**
     * True when a frame with this header would change nothing: no attempt is open and it is no
     * connection request. A caller that reads headers in place can then skip decoding the frame
     * (it still counts in the frame numbers).
     */
    public boolean ignores(TcpHeader header) {
        return open.isEmpty() && !Attempt.opens(header.flags());
    }

    /** Follows one more frame; frames must come in capture order. */
    public void accept(CapturedFrame frame) {
        if (finished) {
            throw new IllegalStateException("detector already finished");
        }
        Flow sent = new Flow(frame.tcp().source(), frame.tcp().destination());
        Attempt ours = open.get(sent);
        if (ours != null) {
            update(sent, ours.fromClient(frame, sink));
            return;
        }
        Flow received = sent.reversed();
        Attempt theirs = open.get(received);
        if (theirs != null) {
            update(received, theirs.fromServer(frame, sink));
        }
        // A SYN opens an attempt unless it was only noise to an open one the other way.
        if (Attempt.opens(frame) && !open.containsKey(received)) {
            open.put(sent, Attempt.open(frame, fastRetryLimitNanos));
        }
    }

    /**
     * Reports the attempts still open as the capture ended and returns every finding, ordered
     * by the frame number of the SYN each rests on.
     */
    public List<PathFinding> finish() {
        if (!finished) {
            finished = true;
            open.values().forEach(a -> a.end(sink));
            open.clear();
            findings.sort(Comparator.comparingLong(PathFinding::synFrame));
        }
        return List.copyOf(findings);
    }

    private void update(Flow flow, Attempt next) {
        if (next == null) {
            open.remove(flow);
        } else {
            open.put(flow, next);
        }
    }
}

package io.finack.analysis;

import io.finack.capture.CaptureReader;
import io.finack.capture.TcpView;
import io.finack.tcp.TcpHeader;
import io.finack.wire.CaptureFileException;
import io.finack.wire.CapturedFrame;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds the stale ACK -> RST -> SYN retry path in a stream of captured frames, live or read
 * from a file, and gives one {@link PathFinding} per connection attempt.
 *
 * <p>Role-agnostic: every SYN without ACK opens an attempt by its sender, and the other side's
 * next segment on that 4-tuple decides whether the path was entered. A SYN retry that gets a
 * stale ACK again opens a new chain; its other outcomes belong to the chain already reported.
 * On every 4-tuple it also follows the closing handshake, so a SYN that meets a socket the
 * capture shows in FIN_WAIT_2 carries that precondition in its finding.
 *
 * <p>Streaming, in bounded memory: state lives in a {@link FlowTable} of at most
 * {@code maxFlows} 4-tuples, each dropped after {@code idleTimeout} of capture time without a
 * frame (an attempt open on a dropped flow is reported as it stood). Findings go to a sink as
 * they are decided, never a list of frames, so captures of any size fit.
 *
 * <p>Feed frames in capture order with {@link #accept}, then call {@link #finish} once.
 */
public final class StaleAckDetector {
    /**
     * The kernel's TCP_RTO_MIN (200 ms): a fixed kernel resends after 2 jiffies (2-10 ms), an
     * unfixed one waits the initial RTO of 1 s, so the limit falls well between the two.
     */
    public static final Duration DEFAULT_FAST_RETRY_LIMIT = Duration.ofMillis(200);
    /**
     * Longer than any SYN retry the path can take (the 1 s RTO, backed off a few times) and than
     * the kernel's tcp_fin_timeout (60 s), which bounds how long a socket stays in FIN_WAIT_2.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /**
     * About 25 MB of flow state at most (some 190 bytes a flow), 60 MB when every flow has an
     * attempt open (a SYN flood: 460 bytes a flow measured), whatever the capture's size.
     */
    public static final int DEFAULT_MAX_FLOWS = 1 << 17;

    private final long fastRetryLimitNanos;
    private final long idleNanos;
    private final FlowTable flows;
    private final Consumer<PathFinding> findings;
    private final Consumer<FinWait2> finWait2s;
    private final List<PathFinding> collected;
    private final TcpView liveView = new TcpView();
    private final Consumer<FlowState> idle = this::idle;
    private final Consumer<FlowState> evicted = this::evicted;
    private long now = Long.MIN_VALUE;
    /** Flows with an attempt open. */
    private int openAttempts;
    private boolean finished;

    public StaleAckDetector() {
        this(DEFAULT_FAST_RETRY_LIMIT);
    }

    /** A detector calling a retry FAST_RETRY when it comes less than {@code fastRetryLimit} after the RST; it collects its findings for {@link #finish}. */
    public StaleAckDetector(Duration fastRetryLimit) {
        this(fastRetryLimit, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_FLOWS, new ArrayList<>(), null, f -> { });
    }

    /**
     * A detector that hands each finding to {@code sink} as soon as it is made, in the order
     * made, and keeps none: for a capture too long to hold one finding per attempt. Its
     * {@link #finish} returns an empty list.
     */
    public StaleAckDetector(Duration fastRetryLimit, Consumer<PathFinding> sink) {
        this(fastRetryLimit, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_FLOWS, sink, f -> { });
    }

    /**
     * A detector handing each finding to {@code findings} as soon as it is decided, and each
     * flow left in FIN_WAIT_2 with no new SYN after it to {@code finWait2s}.
     */
    public StaleAckDetector(Duration fastRetryLimit, Duration idleTimeout, int maxFlows,
                            Consumer<PathFinding> findings, Consumer<FinWait2> finWait2s) {
        this(fastRetryLimit, idleTimeout, maxFlows, null, Objects.requireNonNull(findings, "findings"), finWait2s);
    }

    private StaleAckDetector(Duration fastRetryLimit, Duration idleTimeout, int maxFlows, List<PathFinding> collected,
                             Consumer<PathFinding> findings, Consumer<FinWait2> finWait2s) {
        if (fastRetryLimit.isNegative() || fastRetryLimit.isZero()) {
            throw new IllegalArgumentException("fast retry limit must be positive: " + fastRetryLimit);
        }
        this.fastRetryLimitNanos = fastRetryLimit.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        this.flows = new FlowTable(maxFlows, idleNanos);
        this.collected = collected;
        this.findings = collected != null ? collected::add : findings;
        this.finWait2s = Objects.requireNonNull(finWait2s, "finWait2s");
    }

    /** Finds the path in frames given in capture order. */
    public static List<PathFinding> detect(Iterable<CapturedFrame> frames) {
        StaleAckDetector detector = new StaleAckDetector();
        frames.forEach(detector::accept);
        return detector.finish();
    }

    /** Finds the path in a pcap or pcapng file, streaming it; what the reader stepped over is ignored. */
    public static List<PathFinding> detect(Path captureFile) throws CaptureFileException {
        StaleAckDetector detector = new StaleAckDetector();
        new CaptureReader().read(captureFile, detector::accept, warning -> { });
        return detector.finish();
    }

    /**
     * True when a frame with this header would change no finding: no attempt is open and it is
     * no connection request. A caller that reads headers in place can then skip decoding the
     * frame (it still counts in the frame numbers); FIN_WAIT_2 preconditions are then seen
     * only where the closing frames were not skipped.
     */
    public boolean ignores(TcpHeader header) {
        return openAttempts == 0 && !Attempt.opens(header.flags().bits());
    }

    /** Follows one more frame; frames must come in capture order. */
    public void accept(CapturedFrame frame) {
        accept(liveView.load(frame));
    }

    /** Follows one more frame, read in place; frames must come in capture order. */
    public void accept(TcpView frame) {
        if (finished) {
            throw new IllegalStateException("detector already finished");
        }
        advance(frame.epochNanos());
        FlowState flow = flows.touch(frame, evicted);
        int sender = FlowState.sourceIsA(frame) ? FlowState.A : FlowState.B;
        Attempt attempt = flow.attempt;
        if (attempt != null && flow.clientSide == sender) {
            attempt(flow, attempt.fromClient(frame, findings));
        } else {
            if (attempt != null) {
                attempt(flow, attempt.fromServer(frame, findings));
            }
            // A SYN opens an attempt unless it was only noise to an open one the other way.
            if (Attempt.opens(frame) && flow.attempt == null) {
                int receiver = 1 - sender;
                FinWait2 before = flow.inFinWait2(receiver)
                        ? new FinWait2(frame.destination(), frame.source(), flow.finFrame(receiver), flow.finAckFrame(receiver))
                        : null;
                flow.clearClose();
                attempt(flow, Attempt.open(frame, before, fastRetryLimitNanos));
                flow.clientSide = sender;
            }
        }
        // A connection over on both sides with no attempt open leaves nothing to find: forgetting
        // it at once keeps the table near the number of open connections, not of recent ones.
        if (flow.followClose(frame, sender) && flow.attempt == null) {
            flows.forget(flow);
        }
    }

    /**
     * The capture's clock has reached {@code epochNanos} with no frame (a live capture in a
     * quiet moment): flows idle for longer than the idle timeout are dropped and their open
     * attempts reported, as a later frame would have done.
     */
    public void advance(long epochNanos) {
        if (!finished && epochNanos > now) {
            now = epochNanos;
            flows.expire(now, idle);
        }
    }

    /** Flows dropped because the table was full before they went idle: their attempts were reported early. */
    public long flowsEvictedWhileActive() {
        return flows.evictedWhileActive();
    }

    /**
     * Reports the attempts still open as the capture ended and, for a detector that collects
     * its findings, returns every one ordered by the frame number of the SYN each rests on
     * (an empty list for one with a sink of its own).
     */
    public List<PathFinding> finish() {
        if (!finished) {
            finished = true;
            flows.drain(this::ended);
            if (collected != null) {
                collected.sort(Comparator.comparingLong(PathFinding::synFrame));
            }
        }
        return collected == null ? List.of() : List.copyOf(collected);
    }

    private void idle(FlowState flow) {
        close(flow, "before the flow was idle for " + idleNanos / 1_000_000_000L + " s");
    }

    private void evicted(FlowState flow) {
        close(flow, "before the flow table, full, dropped the flow");
    }

    private void ended(FlowState flow) {
        close(flow, "before the capture ended");
    }

    private void attempt(FlowState flow, Attempt next) {
        openAttempts += (next != null ? 1 : 0) - (flow.attempt != null ? 1 : 0);
        flow.attempt = next;
    }

    private void close(FlowState flow, String when) {
        if (flow.attempt != null) {
            flow.attempt.end(when, findings);
            attempt(flow, null);
        }
        for (int closer = FlowState.A; closer <= FlowState.B; closer++) {
            if (flow.inFinWait2(closer)) {
                finWait2s.accept(new FinWait2(flow.endpoint(closer), flow.endpoint(1 - closer),
                        flow.finFrame(closer), flow.finAckFrame(closer)));
            }
        }
    }
}

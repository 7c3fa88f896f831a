package io.finack.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one connection attempt showed about the stale ACK -> RST -> SYN retry path: the verdict,
 * the frames it rests on, the numbers that decided it and the timings between the frames, in
 * milliseconds from capture timestamps.
 *
 * <p>Frames and values the attempt never reached are {@code null}, so they read as JSON null.
 *
 * @param flow               the attempt's 4-tuple: client sent the SYN
 * @param verdict            how far the path went
 * @param synFrame           the SYN that was answered (the last one sent before the answer or the end)
 * @param staleAckFrame      the server's ACK with an unacceptable ack number
 * @param rstFrame           the client's RST after the stale ACK (also when its seq does not match)
 * @param retryFrame         the client's next SYN after the stale ACK
 * @param staleAckNumber     the stale ACK's ack number
 * @param rstSeq             the RST's sequence number
 * @param synToStaleAckMs    SYN -> stale ACK
 * @param staleAckToRstMs    stale ACK -> RST
 * @param rstToRetryMs       RST -> SYN retry, the interval the verdict is decided on
 * @param synRetransmissions SYNs the client re-sent with no answer in between, before {@code synFrame}
 * @param detail             what was seen instead where the chain stopped early, or a note; empty otherwise
 * @param finWait2           the FIN_WAIT_2 precondition the capture showed on the 4-tuple before the SYN, or null
 */
public record PathFinding(
        Flow flow,
        Verdict verdict,
        long synFrame,
        Long staleAckFrame,
        Long rstFrame,
        Long retryFrame,
        Long staleAckNumber,
        Long rstSeq,
        Double synToStaleAckMs,
        Double staleAckToRstMs,
        Double rstToRetryMs,
        int synRetransmissions,
        String detail,
        FinWait2 finWait2) {

    public PathFinding {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
        if (synRetransmissions < 0) {
            throw new IllegalArgumentException("negative SYN retransmission count: " + synRetransmissions);
        }
        boolean fits = switch (verdict) {
            case NO_STALE_ACK -> staleAckFrame == null && rstFrame == null && retryFrame == null;
            case NO_RST -> staleAckFrame != null;
            case NO_RETRY -> staleAckFrame != null && rstFrame != null && retryFrame == null;
            case FAST_RETRY, RTO_RETRY -> staleAckFrame != null && rstFrame != null && retryFrame != null;
        };
        if (!fits) {
            throw new IllegalArgumentException(verdict + " does not fit the frames: stale ACK " + staleAckFrame
                    + ", RST " + rstFrame + ", retry " + retryFrame);
        }
    }

    /** A finding with no FIN_WAIT_2 precondition before it. */
    public PathFinding(Flow flow, Verdict verdict, long synFrame, Long staleAckFrame, Long rstFrame, Long retryFrame,
                       Long staleAckNumber, Long rstSeq, Double synToStaleAckMs, Double staleAckToRstMs,
                       Double rstToRetryMs, int synRetransmissions, String detail) {
        this(flow, verdict, synFrame, staleAckFrame, rstFrame, retryFrame, staleAckNumber, rstSeq, synToStaleAckMs,
                staleAckToRstMs, rstToRetryMs, synRetransmissions, detail, null);
    }

    /**
     * The timings the attempt reached, in chain order, keyed {@code syn_to_stale_ack},
     * {@code stale_ack_to_rst} and {@code rst_to_retry} (the names reports and JSON use).
     */
    public Map<String, Double> intervals() {
        Map<String, Double> intervals = new LinkedHashMap<>();
        putPresent(intervals, "syn_to_stale_ack", synToStaleAckMs);
        putPresent(intervals, "stale_ack_to_rst", staleAckToRstMs);
        putPresent(intervals, "rst_to_retry", rstToRetryMs);
        return intervals;
    }

    private static void putPresent(Map<String, Double> intervals, String name, Double millis) {
        if (millis != null) {
            intervals.put(name, millis);
        }
    }
}

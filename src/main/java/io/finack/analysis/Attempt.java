package io.finack.analysis;

import io.finack.tcp.Flags;
import io.finack.tcp.SeqNum;
import io.finack.tcp.Segment;
import io.finack.wire.CapturedFrame;

import java.util.function.Consumer;

/**
 * One connection attempt on one flow, followed through the kernel's SYN_SENT handling
 * (tcp_rcv_synsent_state_process) as far as the capture shows it. Mutable and small: the
 * detector keeps one per flow while the attempt is open and drops it when it is over.
 */
final class Attempt {
    private enum Phase { AWAITING_ANSWER, AWAITING_RST, AWAITING_RETRY }

    private static final String RETRANSMITTED_SYN_NOTE =
            "the stale ACK answered a retransmitted SYN, which the fix does not speed up";

    private final Flow flow;
    private final long fastRetryLimitNanos;
    /**
     * True when this attempt's SYN is the retry of a reported chain: that chain's finding
     * already covers the attempt, so only a new stale ACK is worth another one.
     */
    private final boolean retried;
    private Phase phase = Phase.AWAITING_ANSWER;
    private CapturedFrame syn;
    private int synRetransmissions;
    private CapturedFrame staleAck;
    private CapturedFrame rst;

    private Attempt(CapturedFrame syn, boolean retried, long fastRetryLimitNanos) {
        this.flow = new Flow(syn.tcp().source(), syn.tcp().destination());
        this.syn = syn;
        this.retried = retried;
        this.fastRetryLimitNanos = fastRetryLimitNanos;
    }

    /** A new attempt opened by {@code syn}, a frame for which {@link #opens} holds. */
    static Attempt open(CapturedFrame syn, long fastRetryLimitNanos) {
        return new Attempt(syn, false, fastRetryLimitNanos);
    }

    /** True for a connection request: SYN without ACK or RST. */
    static boolean opens(CapturedFrame frame) {
        return opens(frame.tcp().segment().flags());
    }

    static boolean opens(Flags f) {
        return f.syn() && !f.ack() && !f.rst();
    }

    /** Follows a frame the client sent; returns the attempt open on the flow afterwards, or null. */
    Attempt fromClient(CapturedFrame frame, Consumer<PathFinding> findings) {
        return switch (phase) {
            case AWAITING_ANSWER -> clientAwaitingAnswer(frame, findings);
            case AWAITING_RST -> clientAfterStaleAck(frame, findings);
            case AWAITING_RETRY -> clientAfterRst(frame, findings);
        };
    }

    /** Follows a frame the server sent; returns the attempt open on the flow afterwards, or null. */
    Attempt fromServer(CapturedFrame frame, Consumer<PathFinding> findings) {
        // Once the stale ACK is in, the chain goes on at the client; server repeats change nothing.
        if (phase != Phase.AWAITING_ANSWER) {
            return this;
        }
        Segment s = frame.tcp().segment();
        // The kernel's order: an RST never gets an RST back, whatever its ack; then an ACK
        // other than ISS + 1 is unacceptable (a SYN/ACK with a wrong ack too); then a SYN.
        if (s.flags().rst()) {
            return answered(frame, findings);
        }
        if (s.flags().ack() && s.ack() != SeqNum.add(syn.tcp().segment().seq(), 1)) {
            staleAck = frame;
            phase = Phase.AWAITING_RST;
            return this;
        }
        if (s.flags().syn()) {
            return answered(frame, findings);
        }
        // SYN_SENT discards an acceptable ACK without SYN and anything with neither: still waiting.
        return this;
    }

    /** Reports where the attempt stands when the capture ends, if that is news. */
    void end(Consumer<PathFinding> findings) {
        if (phase == Phase.AWAITING_RST) {
            findings.accept(finding(Verdict.NO_RST, null, rst == null
                    ? "no RST or SYN retry before the capture ended"
                    : rstMismatch() + "; no SYN retry before the capture ended"));
        } else if (phase == Phase.AWAITING_RETRY) {
            findings.accept(finding(Verdict.NO_RETRY, null, "no SYN retry before the capture ended"));
        } else if (!retried) {
            findings.accept(finding(Verdict.NO_STALE_ACK, null, "no answer to the SYN before the capture ended"));
        }
    }

    private Attempt clientAwaitingAnswer(CapturedFrame frame, Consumer<PathFinding> findings) {
        if (!opens(frame)) {
            return this;
        }
        long seq = frame.tcp().segment().seq();
        if (seq == syn.tcp().segment().seq()) {
            synRetransmissions++;
            syn = frame;
            return this;
        }
        if (!retried) {
            findings.accept(finding(Verdict.NO_STALE_ACK, null,
                    "no answer to the SYN before a new SYN with seq " + seq + " in frame " + frame.number()));
        }
        return open(frame, fastRetryLimitNanos);
    }

    private Attempt clientAfterStaleAck(CapturedFrame frame, Consumer<PathFinding> findings) {
        Segment s = frame.tcp().segment();
        if (s.flags().rst()) {
            rst = frame;
            // Only the RFC 793 answer (seq = the stale ACK's ack) is the chain's RST; another may still follow it.
            if (rstMatches()) {
                phase = Phase.AWAITING_RETRY;
            }
            return this;
        }
        if (opens(frame)) {
            findings.accept(finding(Verdict.NO_RST, frame, rst == null
                    ? "SYN retried without an RST for the stale ACK"
                    : rstMismatch() + "; SYN retried"));
            return new Attempt(frame, true, fastRetryLimitNanos);
        }
        return this;
    }

    private boolean rstMatches() {
        return rst.tcp().segment().seq() == staleAck.tcp().segment().ack();
    }

    private String rstMismatch() {
        return "RST seq " + rst.tcp().segment().seq() + " does not match the stale ACK's ack "
                + staleAck.tcp().segment().ack();
    }

    private Attempt clientAfterRst(CapturedFrame frame, Consumer<PathFinding> findings) {
        if (!opens(frame)) {
            return this;
        }
        boolean fast = frame.epochNanos() - rst.epochNanos() < fastRetryLimitNanos;
        // The fix resets the timer only while icsk_retransmits == 0, i.e. for the first SYN.
        String note = !fast && (synRetransmissions > 0 || retried) ? RETRANSMITTED_SYN_NOTE : "";
        findings.accept(finding(fast ? Verdict.FAST_RETRY : Verdict.RTO_RETRY, frame, note));
        return new Attempt(frame, true, fastRetryLimitNanos);
    }

    private Attempt answered(CapturedFrame answer, Consumer<PathFinding> findings) {
        if (!retried) {
            findings.accept(finding(Verdict.NO_STALE_ACK, null,
                    "SYN answered by " + kind(answer.tcp().segment().flags()) + " in frame " + answer.number()));
        }
        return null;
    }

    private static String kind(Flags f) {
        String base = f.rst() ? "RST" : "SYN";
        return f.ack() ? base + "/ACK" : base;
    }

    private PathFinding finding(Verdict verdict, CapturedFrame retry, String detail) {
        return new PathFinding(flow, verdict, syn.number(),
                number(staleAck), number(rst), number(retry),
                staleAck == null ? null : staleAck.tcp().segment().ack(),
                rst == null ? null : rst.tcp().segment().seq(),
                millis(syn, staleAck), millis(staleAck, rst), millis(rst, retry),
                synRetransmissions, detail);
    }

    private static Long number(CapturedFrame frame) {
        return frame == null ? null : frame.number();
    }

    private static Double millis(CapturedFrame from, CapturedFrame to) {
        return from == null || to == null ? null : to.millisAfter(from);
    }
}

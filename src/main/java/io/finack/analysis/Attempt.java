package io.finack.analysis;

import io.finack.capture.TcpView;
import io.finack.tcp.Flags;
import io.finack.tcp.SeqNum;

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
    /** The closer's FIN acked with the peer's FIN never seen, on the 4-tuple before this SYN; or null. */
    private final FinWait2 finWait2;
    private Seen syn;
    private int synRetransmissions;
    private Seen staleAck;
    private Seen rst;

    private Attempt(Flow flow, Seen syn, boolean retried, FinWait2 finWait2, long fastRetryLimitNanos) {
        this.flow = flow;
        this.syn = syn;
        this.retried = retried;
        this.finWait2 = finWait2;
        this.fastRetryLimitNanos = fastRetryLimitNanos;
    }

    /** A new attempt opened by {@code syn}, a frame for which {@link #opens} holds. */
    static Attempt open(TcpView syn, FinWait2 finWait2, long fastRetryLimitNanos) {
        return new Attempt(new Flow(syn.source(), syn.destination()), Seen.of(syn), false, finWait2, fastRetryLimitNanos);
    }

    /** The retry of a reported chain, on the same flow. */
    private Attempt retry(TcpView syn) {
        return new Attempt(flow, Seen.of(syn), true, null, fastRetryLimitNanos);
    }

    /** True for a connection request: SYN without ACK or RST. */
    static boolean opens(TcpView frame) {
        return opens(frame.flags());
    }

    /** The same, on a flag byte. */
    static boolean opens(int flags) {
        return (flags & (Flags.SYN | Flags.ACK | Flags.RST)) == Flags.SYN;
    }

    /** Follows a frame the client sent; returns the attempt open on the flow afterwards, or null. */
    Attempt fromClient(TcpView frame, Consumer<PathFinding> findings) {
        return switch (phase) {
            case AWAITING_ANSWER -> clientAwaitingAnswer(frame, findings);
            case AWAITING_RST -> clientAfterStaleAck(frame, findings);
            case AWAITING_RETRY -> clientAfterRst(frame, findings);
        };
    }

    /** Follows a frame the server sent; returns the attempt open on the flow afterwards, or null. */
    Attempt fromServer(TcpView frame, Consumer<PathFinding> findings) {
        // Once the stale ACK is in, the chain goes on at the client; server repeats change nothing.
        if (phase != Phase.AWAITING_ANSWER) {
            return this;
        }
        int flags = frame.flags();
        // The kernel's order: an RST never gets an RST back, whatever its ack; then an ACK
        // other than ISS + 1 is unacceptable (a SYN/ACK with a wrong ack too); then a SYN.
        if ((flags & Flags.RST) != 0) {
            return answered(frame, findings);
        }
        if ((flags & Flags.ACK) != 0 && frame.ack() != SeqNum.add(syn.seq(), 1)) {
            staleAck = Seen.of(frame);
            phase = Phase.AWAITING_RST;
            return this;
        }
        if ((flags & Flags.SYN) != 0) {
            return answered(frame, findings);
        }
        // SYN_SENT discards an acceptable ACK without SYN and anything with neither: still waiting.
        return this;
    }

    /**
     * Reports where the attempt stands when nothing more will come for it, if that is news;
     * {@code when} says why nothing will ("before the capture ended").
     */
    void end(String when, Consumer<PathFinding> findings) {
        if (phase == Phase.AWAITING_RST) {
            findings.accept(finding(Verdict.NO_RST, null, rst == null
                    ? "no RST or SYN retry " + when
                    : rstMismatch() + "; no SYN retry " + when));
        } else if (phase == Phase.AWAITING_RETRY) {
            findings.accept(finding(Verdict.NO_RETRY, null, "no SYN retry " + when));
        } else if (!retried) {
            findings.accept(finding(Verdict.NO_STALE_ACK, null, "no answer to the SYN " + when));
        }
    }

    private Attempt clientAwaitingAnswer(TcpView frame, Consumer<PathFinding> findings) {
        if (!opens(frame)) {
            return this;
        }
        long seq = frame.seq();
        if (seq == syn.seq()) {
            synRetransmissions++;
            syn = Seen.of(frame);
            return this;
        }
        if (!retried) {
            findings.accept(finding(Verdict.NO_STALE_ACK, null,
                    "no answer to the SYN before a new SYN with seq " + seq + " in frame " + frame.number()));
        }
        return open(frame, null, fastRetryLimitNanos);
    }

    private Attempt clientAfterStaleAck(TcpView frame, Consumer<PathFinding> findings) {
        if ((frame.flags() & Flags.RST) != 0) {
            rst = Seen.of(frame);
            // Only the RFC 793 answer (seq = the stale ACK's ack) is the chain's RST; another may still follow it.
            if (rstMatches()) {
                phase = Phase.AWAITING_RETRY;
            }
            return this;
        }
        if (opens(frame)) {
            findings.accept(finding(Verdict.NO_RST, Seen.of(frame), rst == null
                    ? "SYN retried without an RST for the stale ACK"
                    : rstMismatch() + "; SYN retried"));
            return retry(frame);
        }
        return this;
    }

    private boolean rstMatches() {
        return rst.seq() == staleAck.ack();
    }

    private String rstMismatch() {
        return "RST seq " + rst.seq() + " does not match the stale ACK's ack " + staleAck.ack();
    }

    private Attempt clientAfterRst(TcpView frame, Consumer<PathFinding> findings) {
        if (!opens(frame)) {
            return this;
        }
        boolean fast = frame.epochNanos() - rst.epochNanos() < fastRetryLimitNanos;
        // The fix resets the timer only while icsk_retransmits == 0, i.e. for the first SYN.
        String note = !fast && (synRetransmissions > 0 || retried) ? RETRANSMITTED_SYN_NOTE : "";
        findings.accept(finding(fast ? Verdict.FAST_RETRY : Verdict.RTO_RETRY, Seen.of(frame), note));
        return retry(frame);
    }

    private Attempt answered(TcpView answer, Consumer<PathFinding> findings) {
        if (!retried) {
            findings.accept(finding(Verdict.NO_STALE_ACK, null,
                    "SYN answered by " + kind(answer.flags()) + " in frame " + answer.number()));
        }
        return null;
    }

    private static String kind(int flags) {
        String base = (flags & Flags.RST) != 0 ? "RST" : "SYN";
        return (flags & Flags.ACK) != 0 ? base + "/ACK" : base;
    }

    private PathFinding finding(Verdict verdict, Seen retry, String detail) {
        return new PathFinding(flow, verdict, syn.number(),
                number(staleAck), number(rst), number(retry),
                staleAck == null ? null : staleAck.ack(),
                rst == null ? null : rst.seq(),
                millis(syn, staleAck), millis(staleAck, rst), millis(rst, retry),
                synRetransmissions, detail, finWait2);
    }

    private static Long number(Seen frame) {
        return frame == null ? null : frame.number();
    }

    private static Double millis(Seen from, Seen to) {
        return from == null || to == null ? null : (to.epochNanos() - from.epochNanos()) / 1e6;
    }

    /** What an attempt keeps of a frame it rests on. */
    private record Seen(long number, long epochNanos, long seq, long ack) {
        static Seen of(TcpView frame) {
            return new Seen(frame.number(), frame.epochNanos(), frame.seq(), frame.ack());
        }
    }
}

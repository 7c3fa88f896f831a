package io.finack.analysis;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.wire.CapturedFrame;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the other side answered the first reconnecting SYN of a capture with: a SYN without ACK
 * on a 4-tuple that already carried a connection, with a new ISN (a SYN with the first one's
 * ISN is a retransmission, not a reconnect). The answer is the other side's next segment on
 * that 4-tuple, unless the SYN's sender sends again first or the capture ends.
 *
 * <p>Role-agnostic, like {@link StaleAckDetector}: the client is whichever side sent the 4-tuple's
 * first SYN.
 *
 * @param kind       what the answer was
 * @param flow       the 4-tuple, client first
 * @param synFrame   the reconnecting SYN
 * @param replyFrame the answer; {@code null} for {@link Kind#NONE} and {@link Kind#RATE_LIMITED}
 * @param lastAckFrame for {@link Kind#RATE_LIMITED}, the other side's bare ACK the silence may be
 *                   rate-limited after; {@code null} otherwise
 * @param invalidRatelimit the rate limit the silence was judged with
 */
public record ReconnectReply(Kind kind, Flow flow, long synFrame, Long replyFrame, Long lastAckFrame,
                             Duration invalidRatelimit) {
    /**
     * The kernel's default net.ipv4.tcp_invalid_ratelimit: a timewait socket sends at most one
     * out-of-window ACK (a stale or duplicate ACK) per this interval and drops the segment silently
     * otherwise. A fresh namespace, where finack's experiments run by default, always has it.
     */
    public static final Duration DEFAULT_INVALID_RATELIMIT = Duration.ofMillis(500);

    /** The answer's kind; the constant names are the words reports and JSON use. */
    public enum Kind {
        SYN_ACK("a SYN/ACK: the new connection is accepted"),
        STALE_ACK("an ACK of the old connection (no SYN): the stale ACK of the FIN/ACK latency spike"),
        RST("an RST: the SYN is refused"),
        OTHER("another segment (neither SYN/ACK, bare ACK nor RST)"),
        NONE("no answer"),
        RATE_LIMITED("no answer, less than net.ipv4.tcp_invalid_ratelimit after the other side's last ACK on this "
                + "4-tuple: a timewait socket's out-of-window ACK is rate-limited, so the silence is not a refusal");

        private final String meaning;

        Kind(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** The first reconnecting SYN in frames given in capture order and its answer, with the kernel's default rate limit. */
    public static Optional<ReconnectReply> find(List<CapturedFrame> frames) {
        return find(frames, DEFAULT_INVALID_RATELIMIT);
    }

    /** As {@link #find(List)}, with the rate limit of the namespace the capture was made in. */
    public static Optional<ReconnectReply> find(List<CapturedFrame> frames, Duration invalidRatelimit) {
        Map<Flow, Long> firstIsn = new HashMap<>();
        for (int i = 0; i < frames.size(); i++) {
            CapturedFrame f = frames.get(i);
            if (!f.tcp().segment().flags().equals(Flags.SYN_ONLY)) {
                continue;
            }
            Flow flow = new Flow(f.tcp().source(), f.tcp().destination());
            if (firstIsn.containsKey(flow.reversed())) {
                continue;
            }
            Long isn = firstIsn.putIfAbsent(flow, f.tcp().segment().seq());
            if (isn != null && isn != f.tcp().segment().seq()) {
                return Optional.of(answer(frames, i, flow, invalidRatelimit));
            }
        }
        return Optional.empty();
    }

    private static ReconnectReply answer(List<CapturedFrame> frames, int synIndex, Flow flow, Duration invalidRatelimit) {
        CapturedFrame syn = frames.get(synIndex);
        for (int i = synIndex + 1; i < frames.size(); i++) {
            CapturedFrame f = frames.get(i);
            if (from(f, flow.client(), flow)) {
                break;
            }
            if (from(f, flow.server(), flow)) {
                return new ReconnectReply(kindOf(f.tcp().segment().flags()), flow, syn.number(), f.number(), null,
                        invalidRatelimit);
            }
        }
        for (int i = synIndex - 1; i >= 0; i--) {
            CapturedFrame f = frames.get(i);
            if (from(f, flow.server(), flow) && f.tcp().segment().flags().equals(Flags.ACK_ONLY)
                    && syn.epochNanos() - f.epochNanos() < invalidRatelimit.toNanos()) {
                return new ReconnectReply(Kind.RATE_LIMITED, flow, syn.number(), null, f.number(), invalidRatelimit);
            }
        }
        return new ReconnectReply(Kind.NONE, flow, syn.number(), null, null, invalidRatelimit);
    }

    private static boolean from(CapturedFrame f, Endpoint sender, Flow flow) {
        Endpoint other = sender.equals(flow.client()) ? flow.server() : flow.client();
        return f.tcp().source().equals(sender) && f.tcp().destination().equals(other);
    }

    private static Kind kindOf(Flags flags) {
        if (flags.rst()) {
            return Kind.RST;
        }
        if (flags.equals(Flags.SYN_ACK)) {
            return Kind.SYN_ACK;
        }
        if (flags.equals(Flags.ACK_ONLY)) {
            return Kind.STALE_ACK;
        }
        return Kind.OTHER;
    }

    /** "STALE_ACK (frame 9 -> 10)": the word and the frames it rests on. */
    @Override
    public String toString() {
        String frames = replyFrame != null ? "frame " + synFrame + " -> " + replyFrame
                : lastAckFrame != null ? "frame " + synFrame + " -> nothing, " + invalidRatelimit.toMillis()
                        + " ms limit from the ACK of frame " + lastAckFrame
                : "frame " + synFrame + " -> nothing";
        return kind + " (" + frames + ")";
    }
}

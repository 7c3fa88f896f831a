package io.finack.analysis;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which way a connection attempt went at the kernel's "unacceptable ACK in SYN_SENT" branch:
 * the stale ACK -> RST -> SYN retry path of FIELD.md, and where it stopped when it did not
 * complete. The constant names are the words reports and JSON use.
 */
public enum Verdict {
    /** Stale ACK, RST with seq = its ack number, SYN retried well under the initial RTO: the fix is present. */
    FAST_RETRY("stale ACK -> RST -> SYN retry well under the initial RTO: the fast resend (fix) is present"),
    /** The same chain with the SYN retried only at the initial RTO (1 s) or later: the latency spike. */
    RTO_RETRY("stale ACK -> RST -> SYN retry at the initial RTO or later: the 1 s latency spike"),
    /** The SYN got a SYN/ACK, an RST or no answer at all: the path was not entered. */
    NO_STALE_ACK("the SYN got no stale ACK (SYN/ACK, RST or no answer): the path was not entered"),
    /** A stale ACK came, but no RST with seq = its ack number answered it. */
    NO_RST("stale ACK without an RST carrying its ack number: the chain stopped at the RST"),
    /** Stale ACK and matching RST, but no SYN retry before the capture ended. */
    NO_RETRY("stale ACK -> RST, then no SYN retry before the capture ended");

    private final String meaning;

    Verdict(String meaning) {
        this.meaning = meaning;
    }

    /** Counts by verdict in declaration order, every verdict present (0 where {@code counts} has none). */
    public static Map<Verdict, Long> inOrder(Map<Verdict, Long> counts) {
        Map<Verdict, Long> ordered = new EnumMap<>(Verdict.class);
        for (Verdict v : values()) {
            ordered.put(v, counts.getOrDefault(v, 0L));
        }
        return ordered;
    }

    /** The counts' sum: attempts followed to a verdict. */
    public static long total(Map<Verdict, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line saying what the verdict means, for reports. */
    public String meaning() {
        return meaning;
    }
}

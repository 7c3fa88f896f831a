package io.finack.analysis;

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

    /** One line saying what the verdict means, for reports. */
    public String meaning() {
        return meaning;
    }
}

package io.finack.race;

import io.finack.tcp.Flags;

/**
 * The peer's closing segment that races its ACK of the kernel's FIN: a FIN/ACK (a normal close,
 * after which the kernel's socket is in TIME_WAIT) or a RST/ACK (a close with SO_LINGER {1, 0},
 * as in the fix's selftest, after which it is gone).
 */
public enum ClosingSegment {
    FIN("FIN/ACK", Flags.FIN_ACK),
    RST("RST/ACK", Flags.RST_ACK);

    private final String label;
    private final Flags flags;

    ClosingSegment(String label, Flags flags) {
        this.label = label;
        this.flags = flags;
    }

    /** FIN/ACK or RST/ACK. */
    public String label() {
        return label;
    }

    public Flags flags() {
        return flags;
    }

    /** The word users type and reports print: fin, rst. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

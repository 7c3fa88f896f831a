package io.finack.tcp;

import java.util.Locale;

/**
 * The TCP header's flag bits as an immutable value. {@link #toString()} writes them the way
 * packetdrill and tcpdump users read them: {@code S}, {@code S.}, {@code .}, {@code F.},
 * {@code R}, {@code R.}, {@code P.}, where {@code .} stands for ACK.
 */
public record Flags(int bits) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    /** AccECN's AE bit (RFC 9768; the former NS bit), just before CWR in the header. */
    public static final int AE = 0x100;

    public static final Flags SYN_ONLY = new Flags(SYN);
    public static final Flags SYN_ACK = new Flags(SYN | ACK);
    public static final Flags ACK_ONLY = new Flags(ACK);
    public static final Flags FIN_ACK = new Flags(FIN | ACK);
    public static final Flags RST_ONLY = new Flags(RST);
    public static final Flags RST_ACK = new Flags(RST | ACK);
    public static final Flags PSH_ACK = new Flags(PSH | ACK);

    public Flags {
        if ((bits & ~0x1ff) != 0) {
            throw new IllegalArgumentException("TCP flags fit in 9 bits: " + bits);
        }
    }

    public boolean syn() { return (bits & SYN) != 0; }
    public boolean ack() { return (bits & ACK) != 0; }
    public boolean fin() { return (bits & FIN) != 0; }
    public boolean rst() { return (bits & RST) != 0; }
    public boolean psh() { return (bits & PSH) != 0; }
    public boolean urg() { return (bits & URG) != 0; }
    public boolean ece() { return (bits & ECE) != 0; }
    public boolean cwr() { return (bits & CWR) != 0; }
    public boolean ae() { return (bits & AE) != 0; }

    /** Parses packetdrill's flag notation: letters from {@code SFRPUEWA} and {@code .} for ACK. */
    public static Flags parse(String text) {
        int bits = 0;
        for (char c : text.toCharArray()) {
            bits |= switch (c) {
                case 'S' -> SYN;
                case 'F' -> FIN;
                case 'R' -> RST;
                case 'P' -> PSH;
                case 'U' -> URG;
                case 'E' -> ECE;
                case 'W' -> CWR;
                case 'A' -> AE;
                case '.' -> ACK;
                default -> throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "unknown TCP flag '%c' in \"%s\"", c, text));
            };
        }
        if (bits == 0) {
            throw new IllegalArgumentException("no TCP flag in \"" + text + "\"");
        }
        return new Flags(bits);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (syn()) s.append('S');
        if (fin()) s.append('F');
        if (rst()) s.append('R');
        if (psh()) s.append('P');
        if (urg()) s.append('U');
        if (ece()) s.append('E');
        if (cwr()) s.append('W');
        if (ae()) s.append('A');
        if (bits == 0) s.append('-');
        if (ack()) s.append('.');
        return s.toString();
    }
}

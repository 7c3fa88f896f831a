package io.finack.wire;

import java.util.Locale;
import java.util.Optional;

/**
 * The IP header fields a packetdrill packet line may give before the TCP part: an ECN codepoint
 * ({@code [ect0]}, {@code [ect1]}, {@code [ce]}, {@code [noecn]}; outbound also {@code [ect01]},
 * either ECT), a whole TOS or traffic-class byte ({@code (tos 0x10)}), an IPv6 flow label
 * ({@code (flowlabel 0x12345)}) and a TTL or hop limit ({@code (ttl 32)}). {@code flowLabel} and
 * {@code ttl} 0 mean not given. On an injected frame they are written into the IP header
 * ({@link #applyTo}); on a kernel frame they are checked against it ({@link #mismatch}) in
 * packetdrill's words.
 */
public record IpFields(Tos tos, int tosValue, int flowLabel, int ttl) {
    /** What the TOS part of the line says, as packetdrill's {@code tos_chk}. */
    public enum Tos {
        /** Not given: not checked; an injected frame carries 0. */
        NONE,
        /** An ECN codepoint (the low 2 bits), {@code tosValue} 0 to 3. */
        ECN,
        /** Either ECT(0) or ECT(1): outbound only. */
        ECT01,
        /** The whole byte. */
        BYTE
    }

    public static final int NOT_ECT = 0;
    public static final int ECT1 = 1;
    public static final int ECT0 = 2;
    public static final int CE = 3;
    private static final int ETHERNET = 14;

    /** No IP field given: what every line without one means. */
    public static final IpFields NONE = new IpFields(Tos.NONE, 0, 0, 0);

    public IpFields {
        if (tosValue < 0 || tosValue > 0xff || (tos == Tos.ECN && tosValue > 3)) {
            throw new IllegalArgumentException("bad TOS value " + tosValue + " for " + tos);
        }
        if (flowLabel < 0 || flowLabel > 0xfffff) {
            throw new IllegalArgumentException("flow label out of 20 bits: " + flowLabel);
        }
        if (ttl < 0 || ttl > 0xff) {
            throw new IllegalArgumentException("TTL out of 8 bits: " + ttl);
        }
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /**
     * What a frame's IP header shows a reader: its ECN codepoint when it is not Not-ECT, the
     * whole TOS byte when the DSCP bits are set too; {@link #NONE} for a plain header.
     */
    public static IpFields seen(byte[] frame) {
        if (frame.length < ETHERNET + 20) {
            return NONE;
        }
        int tos = trafficByte(frame);
        if ((tos & ~3) != 0) {
            return new IpFields(Tos.BYTE, tos, 0, 0);
        }
        return tos == NOT_ECT ? NONE : new IpFields(Tos.ECN, tos, 0, 0);
    }

    /** packetdrill's name of an ECN codepoint, as in {@code [ect0]}. */
    public static String ecnName(int codepoint) {
        return switch (codepoint & 3) {
            case NOT_ECT -> "noecn";
            case ECT1 -> "ect1";
            case ECT0 -> "ect0";
            default -> "ce";
        };
    }

    /** The codepoint for packetdrill's name ({@code ect0}), empty for another word. */
    public static Optional<Integer> ecnNamed(String name) {
        return switch (name) {
            case "noecn" -> Optional.of(NOT_ECT);
            case "ect1" -> Optional.of(ECT1);
            case "ect0" -> Optional.of(ECT0);
            case "ce" -> Optional.of(CE);
            default -> Optional.empty();
        };
    }

    /**
     * Writes the fields into an encoded Ethernet frame (IPv4 or IPv6) in place: the TOS or
     * traffic-class byte (an ECN codepoint alone leaves the DSCP bits 0), the flow label, the
     * TTL or hop limit; the IPv4 header checksum is computed again. Fields not given are left
     * as the codec wrote them.
     */
    public void applyTo(byte[] frame) {
        boolean ipv6 = (frame[ETHERNET] & 0xf0) == 0x60;
        if (tos != Tos.NONE) {
            setTrafficByte(frame, ipv6, tosValue);
        }
        if (ipv6) {
            if (flowLabel != 0) {
                frame[ETHERNET + 1] = (byte) ((frame[ETHERNET + 1] & 0xf0) | (flowLabel >>> 16));
                frame[ETHERNET + 2] = (byte) (flowLabel >>> 8);
                frame[ETHERNET + 3] = (byte) flowLabel;
            }
            if (ttl != 0) {
                frame[ETHERNET + 7] = (byte) ttl;
            }
        } else {
            if (ttl != 0) {
                frame[ETHERNET + 8] = (byte) ttl;
            }
            ipv4Checksum(frame);
        }
    }

    /**
     * Why a kernel frame's IP header differs from the line, in packetdrill's words ({@code live
     * packet field ip_ecn: expected: 2 (0x2) vs actual: 0 (0x0)}), or empty. The flow label is
     * not checked here: its check needs what earlier frames carried.
     */
    public Optional<String> mismatch(byte[] frame) {
        int actual = trafficByte(frame);
        int ecn = actual & 3;
        switch (tos) {
            case ECT01 -> {
                if (ecn != ECT0 && ecn != ECT1) {
                    return Optional.of(String.format(Locale.ROOT, "live packet field ip_ecn: expected: 0x1 or 0x2 vs actual: 0x%x", ecn));
                }
            }
            case ECN -> {
                if (ecn != tosValue) {
                    return Optional.of(field("ip_ecn", tosValue, ecn));
                }
            }
            case BYTE -> {
                if (actual != tosValue) {
                    return Optional.of(field("tos", tosValue, actual));
                }
            }
            case NONE -> {
            }
        }
        if (ttl != 0 && ttlOf(frame) != ttl) {
            return Optional.of(field("ttl", ttl, ttlOf(frame)));
        }
        return Optional.empty();
    }

    /** packetdrill's wording of one differing field. */
    public static String field(String name, long expected, long actual) {
        return String.format(Locale.ROOT, "live packet field %s: expected: %d (0x%x) vs actual: %d (0x%x)",
                name, expected, expected, actual, actual);
    }

    /** The TOS (IPv4) or traffic-class (IPv6) byte of an Ethernet frame. */
    public static int trafficByte(byte[] frame) {
        if ((frame[ETHERNET] & 0xf0) == 0x60) {
            return ((frame[ETHERNET] & 0x0f) << 4) | ((frame[ETHERNET + 1] & 0xf0) >>> 4);
        }
        return frame[ETHERNET + 1] & 0xff;
    }

    /** The IPv6 flow label of an Ethernet frame, 0 for IPv4. */
    public static int flowLabelOf(byte[] frame) {
        if ((frame[ETHERNET] & 0xf0) != 0x60) {
            return 0;
        }
        return ((frame[ETHERNET + 1] & 0x0f) << 16) | ((frame[ETHERNET + 2] & 0xff) << 8) | (frame[ETHERNET + 3] & 0xff);
    }

    private static int ttlOf(byte[] frame) {
        return (frame[ETHERNET] & 0xf0) == 0x60 ? frame[ETHERNET + 7] & 0xff : frame[ETHERNET + 8] & 0xff;
    }

    private static void setTrafficByte(byte[] frame, boolean ipv6, int value) {
        if (ipv6) {
            frame[ETHERNET] = (byte) (0x60 | (value >>> 4));
            frame[ETHERNET + 1] = (byte) (((value & 0x0f) << 4) | (frame[ETHERNET + 1] & 0x0f));
        } else {
            frame[ETHERNET + 1] = (byte) value;
        }
    }

    /** Recomputes the IPv4 header checksum of an Ethernet frame. */
    static void ipv4Checksum(byte[] frame) {
        int length = (frame[ETHERNET] & 0x0f) * 4;
        frame[ETHERNET + 10] = 0;
        frame[ETHERNET + 11] = 0;
        int sum = Checksums.sum(frame, ETHERNET, length, 0);
        int checksum = Checksums.fold(sum);
        frame[ETHERNET + 10] = (byte) (checksum >>> 8);
        frame[ETHERNET + 11] = (byte) checksum;
    }

    /** packetdrill's notation: {@code [ect0]}, {@code (tos 0x10)}, {@code (flowlabel 0x1)}, {@code (ttl 9)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        switch (tos) {
            case ECN -> s.append(ecnName(tosValue));
            case ECT01 -> s.append("ect01");
            case BYTE -> s.append(String.format(Locale.ROOT, "tos 0x%x", tosValue));
            case NONE -> {
            }
        }
        if (flowLabel != 0) {
            s.append(s.length() > 0 ? "," : "").append(String.format(Locale.ROOT, "flowlabel 0x%x", flowLabel));
        }
        if (ttl != 0) {
            s.append(s.length() > 0 ? "," : "").append("ttl ").append(ttl);
        }
        if (s.length() == 0) {
            return "";
        }
        return tos == Tos.ECN || tos == Tos.ECT01 ? "[" + s + "]" : "(" + s + ")";
    }
}

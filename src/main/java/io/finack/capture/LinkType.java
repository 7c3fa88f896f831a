package io.finack.capture;

import java.util.Locale;

/**
 * The link layers finack reads, by their LINKTYPE_ number (tcpdump.org/linktypes.html), and
 * where each frame's IP header starts. Decoded in place: no frame is copied to find it.
 */
final class LinkType {
    static final int NULL = 0;
    static final int ETHERNET = 1;
    /** DLT_RAW as most systems number it; some pcap writers put the DLT in the file instead of 101. */
    static final int RAW_DLT = 12;
    /** DLT_RAW as OpenBSD numbers it. */
    static final int RAW_DLT_OPENBSD = 14;
    static final int RAW = 101;
    static final int LOOP = 108;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    static final int NOT_IP = -1;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int AF_INET = 2;

    private LinkType() {
    }

    static boolean supported(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW_DLT, RAW_DLT_OPENBSD, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL (BSD loopback)";
            case ETHERNET -> "Ethernet";
            case RAW_DLT, RAW_DLT_OPENBSD, RAW -> "raw IP";
            case LOOP -> "LOOP (OpenBSD loopback)";
            case LINUX_SLL -> "Linux cooked v1";
            case IPV4 -> "raw IPv4";
            case IPV6 -> "raw IPv6";
            case LINUX_SLL2 -> "Linux cooked v2";
            default -> String.format(Locale.ROOT, "link type %d", linkType);
        };
    }

    /**
     * Where the IP header of the frame at {@code pos} ({@code caplen} bytes captured) starts,
     * relative to {@code pos}, or {@link #NOT_IP} when the frame carries something else or is
     * cut before its link header ends.
     */
    static int ipOffset(int linkType, byte[] be, int pos, int caplen) {
        switch (linkType) {
            case ETHERNET:
                return ethernet(be, pos, caplen, 12);
            case LINUX_SLL:
                return caplen >= 16 && ip(Bytes.be16(be, pos + 14)) ? 16 : NOT_IP;
            case LINUX_SLL2:
                return caplen >= 20 && ip(Bytes.be16(be, pos)) ? 20 : NOT_IP;
            case RAW_DLT, RAW_DLT_OPENBSD, RAW, IPV4, IPV6:
                return 0;
            case NULL:
                return caplen >= 4 && bsdFamily(Integer.reverseBytes(Bytes.be32(be, pos)), Bytes.be32(be, pos)) ? 4 : NOT_IP;
            case LOOP:
                return caplen >= 4 && family(Bytes.be32(be, pos)) ? 4 : NOT_IP;
            default:
                return NOT_IP;
        }
    }

    private static int ethernet(byte[] be, int pos, int caplen, int typeAt) {
        // Any number of 802.1Q / 802.1ad tags, each 4 bytes before the real EtherType.
        while (caplen >= typeAt + 2) {
            int type = Bytes.be16(be, pos + typeAt);
            if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
                typeAt += 4;
                continue;
            }
            return ip(type) ? typeAt + 2 : NOT_IP;
        }
        return NOT_IP;
    }

    private static boolean ip(int etherType) {
        return etherType == ETHERTYPE_IPV4 || etherType == ETHERTYPE_IPV6;
    }

    /**
     * NULL writes the family in the writer's byte order, LOOP in network order; AF_INET6 is
     * 10 on Linux, 24, 28 or 30 on the BSDs and macOS. Either order is tried for NULL:
     * {@code littleEndian} is the word read as little-endian, {@code bigEndian} as big-endian.
     */
    private static boolean bsdFamily(int littleEndian, int bigEndian) {
        return family(littleEndian) || family(bigEndian);
    }

    private static boolean family(int af) {
        return af == AF_INET || af == 10 || af == 24 || af == 28 || af == 30;
    }
}

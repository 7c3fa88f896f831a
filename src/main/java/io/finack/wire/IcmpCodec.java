package io.finack.wire;

import io.finack.tcp.Endpoint;

import java.util.Map;
import java.util.Optional;

/**
 * ICMP and ICMPv6 error messages about a TCP segment, as packetdrill builds them for an
 * inbound {@code < icmp unreachable frag_needed mtu 1200 [0:1000(1000)]} line: the ICMP header
 * (type, code, the MTU where the type has one), then a copy of the quoted segment's IP header
 * without options and the first 8 bytes of its TCP header (ports and sequence number), enough
 * for the kernel to find the socket and check the number. Like packetdrill, the quoted IP
 * header has TTL 255, no checksum and the length the whole quoted segment had (its 20-byte
 * TCP header and its payload); the outer header has TTL 255 unless the line gives one, no DF.
 * Names of types and codes are packetdrill's, per family. Stateless.
 */
public final class IcmpCodec {
    private static final int ETHERNET = 14;
    private static final int QUOTED_TCP = 8;
    private static final int DEFAULT_TTL = 255;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_ICMPV6 = 58;

    /** A type with its codes (empty: the code is 0 unless written {@code code_N}). */
    private record Type(int number, Map<String, Integer> codes) {
    }

    private static final Map<String, Type> V4 = Map.ofEntries(
            Map.entry("echo_reply", new Type(0, Map.of())),
            Map.entry("unreachable", new Type(3, Map.ofEntries(
                    Map.entry("net_unreachable", 0), Map.entry("host_unreachable", 1),
                    Map.entry("protocol_unreachable", 2), Map.entry("port_unreachable", 3),
                    Map.entry("frag_needed", 4), Map.entry("source_route_failed", 5),
                    Map.entry("net_unknown", 6), Map.entry("host_unknown", 7),
                    Map.entry("source_host_isolated", 8), Map.entry("net_prohibited", 9),
                    Map.entry("host_prohibited", 10), Map.entry("net_unreachable_for_tos", 11),
                    Map.entry("host_unreachable_for_tos", 12), Map.entry("packet_filtered", 13),
                    Map.entry("precedence_violation", 14), Map.entry("precedence_cutoff", 15)))),
            Map.entry("source_quench", new Type(4, Map.of())),
            Map.entry("redirect", new Type(5, Map.of())),
            Map.entry("echo_request", new Type(8, Map.of())),
            Map.entry("time_exceeded", new Type(11, Map.of())),
            Map.entry("parameter_problem", new Type(12, Map.of())),
            Map.entry("timestamp_request", new Type(13, Map.of())),
            Map.entry("timestamp_reply", new Type(14, Map.of())),
            Map.entry("information_request", new Type(15, Map.of())),
            Map.entry("information_reply", new Type(16, Map.of())),
            Map.entry("address_mask_request", new Type(17, Map.of())),
            Map.entry("address_mask_reply", new Type(18, Map.of())));

    private static final Map<String, Type> V6 = Map.of(
            "unreachable", new Type(1, Map.of("net_unreachable", 0, "no_route", 0, "admin_prohibited", 1,
                    "not_neighbour", 2, "address_unreachable", 3, "port_unreachable", 4)),
            "packet_too_big", new Type(2, Map.of()),
            "time_exceeded", new Type(3, Map.of("exceeded_hop_limit", 0, "exceeded_frag_time", 1)),
            "parameter_problem", new Type(4, Map.of("header_field", 0, "unknown_next_header", 1, "unknown_option", 2)),
            "echo_request", new Type(128, Map.of()),
            "echo_reply", new Type(129, Map.of()));

    private IcmpCodec() {
    }

    /** An ICMP message's type and code numbers. */
    public record TypeCode(int type, int code) {
    }

    /**
     * The numbers for packetdrill's names on one family ({@code type_N} and {@code code_N} for
     * any number); the error says which name is bad, in packetdrill's words.
     */
    public static TypeCode resolve(boolean ipv6, String typeName, Optional<String> codeName) {
        Map<String, Type> types = ipv6 ? V6 : V4;
        Integer type = numbered(typeName, "type_");
        Map<String, Integer> codes = Map.of();
        if (type == null) {
            Type known = types.get(typeName);
            if (known == null) {
                throw new IllegalArgumentException("bad ICMP type " + typeName);
            }
            type = known.number();
            codes = known.codes();
        }
        int code = 0;
        if (codeName.isPresent()) {
            Integer numbered = numbered(codeName.get(), "code_");
            Integer named = numbered != null ? numbered : codes.get(codeName.get());
            if (named == null) {
                throw new IllegalArgumentException("bad ICMP code " + codeName.get());
            }
            code = named;
        }
        return new TypeCode(type, code);
    }

    /** The MTU field is only for IPv4's unreachable/frag_needed and IPv6's packet_too_big, as in packetdrill. */
    public static void checkMtu(boolean ipv6, TypeCode typeCode, long mtu) {
        if (ipv6 && (typeCode.type() != 2 || typeCode.code() != 0)) {
            throw new IllegalArgumentException("ICMPv6 MTU is only valid for packet_too_big-0");
        }
        if (!ipv6 && (typeCode.type() != 3 || typeCode.code() != 4)) {
            throw new IllegalArgumentException("ICMPv4 MTU is only valid for unreachable-frag_needed");
        }
        if (mtu > (ipv6 ? 0xffffffffL : 0xffff)) {
            throw new IllegalArgumentException("ICMP" + (ipv6 ? "v6" : "v4") + " MTU out of " + (ipv6 ? 32 : 16) + "-bit range");
        }
    }

    private static Integer numbered(String name, String prefix) {
        if (name.startsWith(prefix) && name.length() > prefix.length() && name.substring(prefix.length()).chars().allMatch(Character::isDigit)
                && name.length() - prefix.length() <= 3) {
            int n = Integer.parseInt(name.substring(prefix.length()));
            return n <= 0xff ? n : null;
        }
        return null;
    }

    /** packetdrill's name of a type ({@code unreachable}) on a family, or {@code type_N}. */
    public static String typeName(boolean ipv6, int type) {
        return (ipv6 ? V6 : V4).entrySet().stream().filter(e -> e.getValue().number() == type).map(Map.Entry::getKey)
                .sorted().findFirst().orElse("type_" + type);
    }

    /** packetdrill's name of a code of a type, or {@code code_N}. */
    public static String codeName(boolean ipv6, int type, int code) {
        return (ipv6 ? V6 : V4).values().stream().filter(t -> t.number() == type).flatMap(t -> t.codes().entrySet().stream())
                .filter(e -> e.getValue() == code).map(Map.Entry::getKey).sorted().findFirst().orElse("code_" + code);
    }

    /**
     * The Ethernet frame of an ICMP error from {@code from} to {@code to} about the TCP segment
     * {@code to} sent to {@code from} starting at {@code quotedSeq} with {@code quotedPayload}
     * bytes. {@code mtu} is written where the type has it (negative: none); {@code ip} sets the
     * outer header's TOS, flow label and TTL.
     */
    public static byte[] encode(Endpoint from, Endpoint to, TypeCode typeCode, long mtu, int echoId,
                                long quotedSeq, int quotedPayload, IpFields ip) {
        boolean ipv6 = from.ipv6();
        int ipHeader = ipv6 ? 40 : 20;
        int icmpLength = 8 + ipHeader + QUOTED_TCP;
        byte[] frame = new byte[ETHERNET + ipHeader + icmpLength];
        frame[12] = (byte) (ipv6 ? 0x86 : 0x08);
        frame[13] = (byte) (ipv6 ? 0xdd : 0x00);
        int ttl = ip.ttl() != 0 ? ip.ttl() : DEFAULT_TTL;
        ipHeader(frame, ETHERNET, ipv6, ipHeader + icmpLength, ipv6 ? PROTO_ICMPV6 : PROTO_ICMP, ttl, from, to);
        int icmp = ETHERNET + ipHeader;
        frame[icmp] = (byte) typeCode.type();
        frame[icmp + 1] = (byte) typeCode.code();
        if (mtu >= 0) {
            if (ipv6) {
                putInt(frame, icmp + 4, mtu);
            } else {
                frame[icmp + 6] = (byte) (mtu >>> 8);
                frame[icmp + 7] = (byte) mtu;
            }
        }
        if (echoId > 0) {
            frame[icmp + 4] = (byte) (echoId >>> 8);
            frame[icmp + 5] = (byte) echoId;
        }
        int quoted = icmp + 8;
        ipHeader(frame, quoted, ipv6, ipHeader + 20 + quotedPayload, 6, DEFAULT_TTL, to, from);
        if (!ipv6) {
            // packetdrill leaves the quoted header's checksum 0; ipHeader wrote none.
            frame[quoted + 10] = 0;
            frame[quoted + 11] = 0;
        }
        int tcp = quoted + ipHeader;
        frame[tcp] = (byte) (to.port() >>> 8);
        frame[tcp + 1] = (byte) to.port();
        frame[tcp + 2] = (byte) (from.port() >>> 8);
        frame[tcp + 3] = (byte) from.port();
        putInt(frame, tcp + 4, quotedSeq);
        ip.applyTo(frame);
        int sum = 0;
        if (ipv6) {
            // The ICMPv6 checksum covers a pseudo-header (RFC 8200 8.1).
            sum = Checksums.sum(frame, ETHERNET + 8, 32, sum);
            sum += icmpLength + PROTO_ICMPV6;
        }
        int checksum = Checksums.fold(Checksums.sum(frame, icmp, icmpLength, sum));
        frame[icmp + 2] = (byte) (checksum >>> 8);
        frame[icmp + 3] = (byte) checksum;
        return frame;
    }

    private static void ipHeader(byte[] b, int at, boolean ipv6, int totalLength, int protocol, int ttl, Endpoint from, Endpoint to) {
        byte[] source = from.address().getAddress();
        byte[] destination = to.address().getAddress();
        if (ipv6) {
            b[at] = 0x60;
            int payload = totalLength - 40;
            b[at + 4] = (byte) (payload >>> 8);
            b[at + 5] = (byte) payload;
            b[at + 6] = (byte) protocol;
            b[at + 7] = (byte) ttl;
            System.arraycopy(source, 0, b, at + 8, 16);
            System.arraycopy(destination, 0, b, at + 24, 16);
        } else {
            b[at] = 0x45;
            b[at + 2] = (byte) (totalLength >>> 8);
            b[at + 3] = (byte) totalLength;
            b[at + 8] = (byte) ttl;
            b[at + 9] = (byte) protocol;
            System.arraycopy(source, 0, b, at + 12, 4);
            System.arraycopy(destination, 0, b, at + 16, 4);
        }
    }

    private static void putInt(byte[] b, int at, long value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    /** What a captured ICMP error says, for reports: type, code, MTU, and the quoted TCP segment's ports and sequence number. */
    public record Message(boolean ipv6, int type, int code, long mtu, int quotedSourcePort, int quotedDestinationPort, long quotedSeq) {
        /** packetdrill's notation: {@code icmp unreachable frag_needed mtu 1200 [seq 12345]}. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("icmp ").append(typeName(ipv6, type));
            boolean hasCodes = (ipv6 ? V6 : V4).values().stream().anyMatch(t -> t.number() == type && !t.codes().isEmpty());
            if (hasCodes || code != 0) {
                s.append(' ').append(codeName(ipv6, type, code));
            }
            if ((ipv6 && type == 2) || (!ipv6 && type == 3 && code == 4)) {
                s.append(" mtu ").append(mtu);
            }
            return s.toString();
        }
    }

    /** Reads an Ethernet frame carrying ICMP or ICMPv6; empty for anything else. */
    public static Optional<Message> decode(byte[] frame) {
        if (frame.length < ETHERNET + 20) {
            return Optional.empty();
        }
        int etherType = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        boolean ipv6 = etherType == 0x86dd;
        if (!ipv6 && etherType != 0x0800) {
            return Optional.empty();
        }
        int header = ipv6 ? 40 : (frame[ETHERNET] & 0x0f) * 4;
        int protocol = ipv6 ? frame[ETHERNET + 6] & 0xff : frame[ETHERNET + 9] & 0xff;
        if (protocol != (ipv6 ? PROTO_ICMPV6 : PROTO_ICMP) || frame.length < ETHERNET + header + 8) {
            return Optional.empty();
        }
        int icmp = ETHERNET + header;
        int type = frame[icmp] & 0xff;
        int code = frame[icmp + 1] & 0xff;
        long mtu = ipv6 ? u32(frame, icmp + 4) : ((frame[icmp + 6] & 0xff) << 8) | (frame[icmp + 7] & 0xff);
        int quotedTcp = icmp + 8 + (ipv6 ? 40 : 20);
        if (frame.length < quotedTcp + 8) {
            return Optional.empty();
        }
        int sourcePort = ((frame[quotedTcp] & 0xff) << 8) | (frame[quotedTcp + 1] & 0xff);
        int destinationPort = ((frame[quotedTcp + 2] & 0xff) << 8) | (frame[quotedTcp + 3] & 0xff);
        return Optional.of(new Message(ipv6, type, code, mtu, sourcePort, destinationPort, u32(frame, quotedTcp + 4)));
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }
}

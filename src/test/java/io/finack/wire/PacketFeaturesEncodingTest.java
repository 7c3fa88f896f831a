package io.finack.wire;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bytes of packetdrill's packet features as finack injects them, and their reading back. */
class PacketFeaturesEncodingTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Endpoint HARNESS_V4 = Endpoint.of("127.0.0.1", 40000);
    private static final Endpoint KERNEL_V4 = Endpoint.of("127.0.0.1", 8080);
    private static final Endpoint HARNESS_V6 = Endpoint.of("::1", 40000);
    private static final Endpoint KERNEL_V6 = Endpoint.of("::1", 8080);
    private static final byte[] COOKIE = HEX.parseHex("3021b9d889017eeb");

    private static byte[] syn(Endpoint from, Endpoint to, Flags flags, TcpOption... options) {
        return FrameCodec.encode(new TcpFrame(from, to, Segment.builder().flags(flags).seq(1).options(options).build()));
    }

    /** The TCP options as encoded: after a 20-byte IPv4 header and the 20 fixed bytes of TCP. */
    private static String options(byte[] frame) {
        int tcp = 14 + 20;
        int length = ((frame[tcp + 12] & 0xf0) >> 4) * 4 - 20;
        return HEX.formatHex(Arrays.copyOfRange(frame, tcp + 20, tcp + 20 + length));
    }

    @Test
    void fastOpenOptionsAndMd5AreEncodedByteForByte() {
        assertEquals("220a" + "3021b9d889017eeb" + "0000", options(syn(HARNESS_V4, KERNEL_V4, Flags.SYN_ONLY,
                new TcpOption.FastOpen(COOKIE))), "kind 34, length 10, the cookie, padded");
        assertEquals("2202" + "0000", options(syn(HARNESS_V4, KERNEL_V4, Flags.SYN_ONLY, new TcpOption.FastOpen(new byte[0]))),
                "an empty FO is a cookie request");
        assertEquals("fe0cf989" + "3021b9d889017eeb", options(syn(HARNESS_V4, KERNEL_V4, Flags.SYN_ONLY,
                new TcpOption.FastOpenExp(COOKIE))), "kind 254, length 12, magic 0xF989, the cookie");
        assertEquals("1312" + "000102030405060708090a0b0c0d0e0f" + "0101", options(syn(HARNESS_V4, KERNEL_V4, Flags.ACK_ONLY,
                new TcpOption.Md5(HEX.parseHex("000102030405060708090a0b0c0d0e0f")), new TcpOption.Nop(), new TcpOption.Nop())));
    }

    @Test
    void theNewOptionsDecodeToTheirRecords() {
        List<TcpOption> options = List.of(new TcpOption.FastOpenExp(COOKIE), new TcpOption.Md5(new byte[16]), new TcpOption.FastOpen(new byte[0]));
        TcpFrame frame = new TcpFrame(HARNESS_V6, KERNEL_V6, Segment.builder().flags(Flags.SYN_ONLY).options(options).build());
        assertEquals(options, FrameCodec.decodeEthernet(FrameCodec.encode(frame)).orElseThrow().segment().options());
        assertEquals("FOEXP 3021b9d889017eeb", options.get(0).toString());
        assertEquals(new TcpOption.Unknown(254, HEX.parseHex("12343021")),
                io.finack.tcp.OptionData.read(254, HEX.parseHex("12343021")), "kind 254 without TFO's magic is another experiment");
    }

    @Test
    void theEcnFlagsAndAccEcnsAeBitAreInTheHeader() {
        byte[] frame = syn(HARNESS_V4, KERNEL_V4, Flags.parse("SEWA"));
        int tcp = 14 + 20;
        assertEquals(0x01, frame[tcp + 12] & 0x0f, "AE: the lowest bit before the flags byte");
        assertEquals(0xc2, frame[tcp + 13] & 0xff, "CWR, ECE, SYN");
        assertEquals(Flags.parse("SEWA"), FrameCodec.decodeEthernet(frame).orElseThrow().segment().flags());
        assertEquals(Flags.parse("SEWA"), FrameView.of(frame).orElseThrow().flags());
        assertEquals("SEWA", Flags.parse("SEWA").toString());
    }

    @Test
    void ipFieldsAreWrittenIntoTheIpv4HeaderWithItsChecksum() {
        byte[] frame = syn(HARNESS_V4, KERNEL_V4, Flags.SYN_ONLY);
        new IpFields(IpFields.Tos.ECN, IpFields.ECT0, 0, 7).applyTo(frame);
        assertEquals("45020028" + "00004000" + "0706" + "75cc" + "7f000001" + "7f000001",
                HEX.formatHex(Arrays.copyOfRange(frame, 14, 34)), "TOS 0x02 (ECT(0)), TTL 7, the checksum again (computed independently)");
        assertEquals(0, Checksums.fold(Checksums.sum(frame, 14, 20, 0)), "the header checksum is right");
        assertEquals(Optional.empty(), new IpFields(IpFields.Tos.ECN, IpFields.ECT0, 0, 7).mismatch(frame));
        assertEquals(Optional.of("live packet field ip_ecn: expected: 3 (0x3) vs actual: 2 (0x2)"),
                new IpFields(IpFields.Tos.ECN, IpFields.CE, 0, 0).mismatch(frame));
        assertEquals(Optional.of("live packet field tos: expected: 16 (0x10) vs actual: 2 (0x2)"),
                new IpFields(IpFields.Tos.BYTE, 0x10, 0, 0).mismatch(frame));
        assertEquals(Optional.empty(), new IpFields(IpFields.Tos.ECT01, 0, 0, 0).mismatch(frame));
        assertEquals(Optional.of("live packet field ttl: expected: 64 (0x40) vs actual: 7 (0x7)"),
                new IpFields(IpFields.Tos.NONE, 0, 0, 64).mismatch(frame));
        assertEquals(new IpFields(IpFields.Tos.ECN, IpFields.ECT0, 0, 0), IpFields.seen(frame), "what a ladder shows");
        assertEquals("[ect0,ttl 7]", new IpFields(IpFields.Tos.ECN, IpFields.ECT0, 0, 7).toString());
        assertEquals("(tos 0x10,flowlabel 0x1)", new IpFields(IpFields.Tos.BYTE, 0x10, 1, 0).toString());
    }

    @Test
    void ipFieldsAreWrittenIntoTheIpv6Header() {
        byte[] frame = syn(HARNESS_V6, KERNEL_V6, Flags.SYN_ONLY);
        new IpFields(IpFields.Tos.BYTE, 0xb9, 0x12345, 9).applyTo(frame);
        assertEquals("6b912345", HEX.formatHex(Arrays.copyOfRange(frame, 14, 18)), "version 6, traffic class 0xb9, flow label 0x12345");
        assertEquals(9, frame[14 + 7], "hop limit");
        assertEquals(0xb9, IpFields.trafficByte(frame));
        assertEquals(0x12345, IpFields.flowLabelOf(frame));
        assertEquals(Optional.empty(), new IpFields(IpFields.Tos.ECT01, 0, 0, 0).mismatch(frame), "0xb9: ECT(1)");
        new IpFields(IpFields.Tos.ECN, IpFields.NOT_ECT, 0, 0).applyTo(frame);
        assertEquals(Optional.of("live packet field ip_ecn: expected: 0x1 or 0x2 vs actual: 0x0"),
                new IpFields(IpFields.Tos.ECT01, 0, 0, 0).mismatch(frame));
    }

    @Test
    void anIcmpFragNeededQuotesTheKernelsSegmentAsPacketdrillDoes() {
        byte[] frame = IcmpCodec.encode(HARNESS_V4, KERNEL_V4, IcmpCodec.resolve(false, "unreachable", Optional.of("frag_needed")),
                1200, 0, 0x01020304L, 1000, IpFields.NONE);
        assertEquals("000000000000" + "000000000000" + "0800"
                        // IPv4: length 56, no DF, TTL 255, ICMP, checksum, harness -> kernel
                        + "45000038" + "00000000" + "ff01" + "bdc2" + "7f000001" + "7f000001"
                        // ICMP: type 3 code 4, checksum, unused, next-hop MTU 1200
                        + "0304" + "f25a" + "0000" + "04b0"
                        // the quoted IPv4 header: length 20 + 20 + 1000, TTL 255, TCP, no checksum, kernel -> harness
                        + "45000410" + "00000000" + "ff06" + "0000" + "7f000001" + "7f000001"
                        // the quoted TCP header's first 8 bytes: kernel port 8080 -> harness port 40000, seq
                        + "1f909c40" + "01020304",
                HEX.formatHex(frame));
        assertEquals(0, Checksums.fold(Checksums.sum(frame, 14 + 20, 36, 0)), "the ICMP checksum");
        IcmpCodec.Message m = IcmpCodec.decode(frame).orElseThrow();
        assertEquals(new IcmpCodec.Message(false, 3, 4, 1200, 8080, 40000, 0x01020304L), m);
        assertEquals("icmp unreachable frag_needed mtu 1200", m.toString());
    }

    @Test
    void anIcmpv6PacketTooBigCarriesItsMtuAndAPseudoHeaderChecksum() {
        byte[] frame = IcmpCodec.encode(HARNESS_V6, KERNEL_V6, IcmpCodec.resolve(true, "packet_too_big", Optional.empty()),
                1280, 0, 7, 0, IpFields.NONE);
        assertEquals(14 + 40 + 8 + 40 + 8, frame.length);
        assertEquals("60000000" + "0038" + "3a" + "ff", HEX.formatHex(Arrays.copyOfRange(frame, 14, 22)),
                "payload 56, next header ICMPv6, hop limit 255");
        assertEquals("0200", HEX.formatHex(Arrays.copyOfRange(frame, 54, 56)), "type 2 code 0");
        assertEquals("00000500", HEX.formatHex(Arrays.copyOfRange(frame, 58, 62)), "MTU 1280, 32 bits");
        assertEquals("60000000" + "0014" + "06" + "ff", HEX.formatHex(Arrays.copyOfRange(frame, 62, 70)),
                "the quoted header: payload 20 (the TCP header), TCP, hop limit 255");
        int sum = Checksums.sum(frame, 14 + 8, 32, 0) + 56 + IcmpCodec.PROTO_ICMPV6;
        assertEquals(0, Checksums.fold(Checksums.sum(frame, 54, 56, sum)), "checksum with the pseudo-header");
        assertEquals("icmp packet_too_big mtu 1280", IcmpCodec.decode(frame).orElseThrow().toString());
    }

    @Test
    void icmpNamesArePacketdrillsPerFamily() {
        assertEquals(new IcmpCodec.TypeCode(3, 1), IcmpCodec.resolve(false, "unreachable", Optional.of("host_unreachable")));
        assertEquals(new IcmpCodec.TypeCode(1, 4), IcmpCodec.resolve(true, "unreachable", Optional.of("port_unreachable")));
        assertEquals(new IcmpCodec.TypeCode(42, 7), IcmpCodec.resolve(false, "type_42", Optional.of("code_7")));
        assertEquals("bad ICMP type packet_too_big", org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> IcmpCodec.resolve(false, "packet_too_big", Optional.empty())).getMessage());
        assertEquals("bad ICMP code host_unreachable", org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> IcmpCodec.resolve(true, "unreachable", Optional.of("host_unreachable"))).getMessage());
        assertEquals("ICMPv4 MTU is only valid for unreachable-frag_needed", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> IcmpCodec.checkMtu(false, new IcmpCodec.TypeCode(3, 1), 1200)).getMessage());
    }
}

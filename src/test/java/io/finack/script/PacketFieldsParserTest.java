package io.finack.script;

import io.finack.tcp.Flags;
import io.finack.tcp.TcpOption;
import io.finack.wire.IpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** packetdrill's packet features in a script: IP fields, ICMP lines, TFO and MD5 options, the settings. */
class PacketFieldsParserTest {
    private static Action only(String text) throws ScriptParseException {
        List<Event> events = Parser.parse("test", text).events();
        assertEquals(1, events.size(), events.toString());
        return events.get(0).action();
    }

    @Test
    void ipFieldsBeforeTheFlags() throws ScriptParseException {
        Action.Packet ect0 = (Action.Packet) only("+0 > [ect0] P. 1:1001(1000) ack 1");
        assertEquals(new IpFields(IpFields.Tos.ECN, IpFields.ECT0, 0, 0), ect0.ip());
        assertEquals("> [ect0] P. 1:1001(1000) ack 1", ect0.toString());
        assertEquals(new IpFields(IpFields.Tos.ECT01, 0, 0, 0), ((Action.Packet) only("0 > [ect01] . 1:1(0) ack 1")).ip());
        assertEquals(new IpFields(IpFields.Tos.ECN, IpFields.CE, 0x12345, 0),
                ((Action.Packet) only("0 < [ce,flowlabel 0x12345] . 1:1(0) ack 1 win 1")).ip());
        assertEquals(new IpFields(IpFields.Tos.BYTE, 0x10, 0, 0), ((Action.Packet) only("0 < (tos 0x10) S 0:0(0) win 1")).ip());
        assertEquals(new IpFields(IpFields.Tos.NONE, 0, 0, 9), ((Action.Packet) only("0 > (ttl 9) S. 0:0(0) ack 1")).ip());
        assertEquals(Flags.parse("SEW"), ((Action.Packet) only("0 > SEW 0:0(0) <...>")).flags());
    }

    @Test
    void icmpErrorLines() throws ScriptParseException {
        assertEquals(new Action.Icmp(IpFields.NONE, "unreachable", Optional.of("frag_needed"), 800, 0, 0, 1000),
                only("+.01 < icmp unreachable frag_needed mtu 800 [0:1000(1000)]"));
        assertEquals(new Action.Icmp(IpFields.NONE, "unreachable", Optional.of("host_unreachable"), -1, 0, 0, 0),
                only("+.1 < icmp unreachable host_unreachable"));
        assertEquals(new Action.Icmp(new IpFields(IpFields.Tos.BYTE, 0x20, 0, 0), "packet_too_big", Optional.empty(), 1280, 0, 1, 0),
                only("0 < (tos 0x20) icmp packet_too_big mtu 1280 [1:1(0)]"));
    }

    @Test
    void fastOpenAndMd5Options() throws ScriptParseException {
        HexFormat hex = HexFormat.of();
        Action.Packet syn = (Action.Packet) only("0 < S 0:10(10) win 1 <mss 1460,FO 3021b9d889017eeb,FOEXP,FO,md5 000102030405060708090a0b0c0d0e0f>");
        assertEquals(List.of(new TcpOption.Mss(1460), new TcpOption.FastOpen(hex.parseHex("3021b9d889017eeb")),
                new TcpOption.FastOpenExp(new byte[0]), new TcpOption.FastOpen(new byte[0]),
                new TcpOption.Md5(hex.parseHex("000102030405060708090a0b0c0d0e0f"))), syn.options().orElseThrow(),
                "a cookie the lexer reads as a number and a word is one blob");
        assertEquals(List.of(new TcpOption.FastOpenExp(hex.parseHex("1234123412341234")), new TcpOption.Nop()),
                ((Action.Packet) only("0 < S 0:0(0) win 1 <FOEXP 1234123412341234,nop>")).options().orElseThrow());
    }

    @Test
    void theSettingsOfTimestampsAndSegments() throws ScriptParseException {
        Script s = Parser.parse("t", "--tcp_ts_tick_usecs=1000\n--tcp_ts_ecr_scaled // used later\n--strict_segments\n0 close(3) = 0\n");
        assertEquals(List.of(new Script.Setting("tcp_ts_tick_usecs", "1000", 1), new Script.Setting("tcp_ts_ecr_scaled", "", 2),
                new Script.Setting("strict_segments", "", 3)), s.settings());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 < [ect2] S 0:0(0) win 1                          | 1:6: unknown IP field 'ect2' (ect0, ect1, ce, noecn, ect01, tos 0xN, flowlabel 0xN, ttl N)
            0 < (tos 16) S 0:0(0) win 1                        | 1:10: the TOS byte is written in hexadecimal (0x...), not 16
            0 < (tos 0x100) S 0:0(0) win 1                     | 1:10: tos out of range for 8 bits
            0 < (flowlabel 0x100000) S 0:0(0) win 1            | 1:16: flowlabel out of range for 20 bits
            0 < [ect0 S 0:0(0) win 1                           | 1:11: expected ']' after the IP fields, not 'S'
            0 > icmp unreachable                               | 1:5: outbound ICMP (> icmp ...) is not checked by finack: only injected ICMP errors (< icmp ...) are supported
            0 < [ect0] icmp unreachable                        | 1:12: ECN can only be used with TCP packets
            0 < icmp unreachable [udp (10)]                    | 1:23: an ICMP error quoting a udp packet is not supported: finack speaks TCP only
            0 < icmp unreachable frag_needed mtu 800 [0:10(5)] | 1:43: sequence range 0:10 spans 10 bytes but the length says 5
            0 < S 0:0(0) win 1 <FO 123>                        | 1:24: TCP fast open cookie has an odd number of digits
            0 < S 0:0(0) win 1 <FO 12zz>                       | 1:24: TCP fast open cookie '12zz' is not a valid hex string
            0 < S 0:0(0) win 1 <md5 00112233445566778899aabbccddeeff00> | 1:25: TCP MD5 digest longer than 16 bytes
            0 < S 0:0(0) win 1 <md5>                           | 1:24: expected the MD5 digest in hexadecimal after md5, not '>'
            0 < S 0:0(0) win 1 <ECN e0b 1>                     | 1:21: the AccECN option (ECN e0b ...) is not supported by finack: this kernel refuses AccECN (net.ipv4.tcp_ecn=3)
            --strict_segments=1                                | 1:1: option --strict_segments takes no value
            """)
    void malformedFieldsFailAtTheirLineAndColumn(String script, String message) {
        ScriptParseException e = assertThrows(ScriptParseException.class, () -> Parser.parse("test", script));
        assertEquals(message, e.getMessage());
    }
}

package io.finack.wire;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static final TcpFrame SYN_V4 = new TcpFrame(Endpoint.of("127.0.0.1", 40000), Endpoint.of("127.0.0.1", 8080),
            Segment.builder().flags(Flags.SYN_ONLY).seq(0x01020304L).window(65495)
                    .options(new TcpOption.Mss(1460)).build());

    @Test
    void encodesAnIpv4SynExactly() {
        assertEquals(
                // Ethernet: zero MACs, IPv4
                "000000000000" + "000000000000" + "0800"
                // IPv4: ihl 5, len 44, DF, ttl 64, TCP, checksum, 127.0.0.1 -> 127.0.0.1
                + "4500002c00004000" + "4006" + "3cca" + "7f000001" + "7f000001"
                // TCP: 40000 -> 8080, seq, ack 0, offset 6, SYN, window 65495, checksum (checked by hand), urg 0, mss 1460
                + "9c401f90" + "01020304" + "00000000" + "6002" + "ffd7" + "da75" + "0000" + "020405b4",
                HEX.formatHex(FrameCodec.encode(SYN_V4)));
    }

    @Test
    void carriesTheUrgentPointerBothWays() {
        TcpFrame urgent = new TcpFrame(Endpoint.of("127.0.0.1", 40000), Endpoint.of("127.0.0.1", 8080),
                Segment.builder().flags(new Flags(Flags.URG | Flags.ACK)).seq(1).ack(1).urgentPointer(0x1234)
                        .payload(new byte[4]).build());
        byte[] bytes = FrameCodec.encode(urgent);
        // TCP's flags byte (URG|ACK) at 14 + 20 + 13, the urgent pointer in the header's last two bytes.
        assertEquals("30", HEX.formatHex(bytes, 47, 48));
        assertEquals("1234", HEX.formatHex(bytes, 52, 54));
        assertEquals(urgent, FrameCodec.decodeEthernet(bytes).orElseThrow());
    }

    @Test
    void encodesAnIpv6RstExactly() {
        TcpFrame rst = new TcpFrame(Endpoint.of("::1", 40000), Endpoint.of("::1", 8080),
                Segment.builder().flags(Flags.RST_ONLY).seq(0x97757ef2L).window(0).build());
        assertEquals(
                "000000000000" + "000000000000" + "86dd"
                // IPv6: version 6, payload 20, next header TCP, hop limit 64, ::1 -> ::1
                + "60000000" + "0014" + "06" + "40"
                + "00000000000000000000000000000001" + "00000000000000000000000000000001"
                + "9c401f90" + "97757ef2" + "00000000" + "5004" + "0000" + "dda6" + "0000",
                HEX.formatHex(FrameCodec.encode(rst)));
    }

    @Test
    void decodesWhatItEncodes() {
        List<TcpFrame> frames = List.of(SYN_V4,
                new TcpFrame(Endpoint.of("::1", 8080), Endpoint.of("::1", 40000),
                        Segment.builder().flags(Flags.SYN_ACK).seq(0xfffffff0L).ack(0x01020305L).window(65483)
                                .options(new TcpOption.Mss(65476), new TcpOption.SackPermitted(),
                                        new TcpOption.Timestamps(4000000000L, 1234), new TcpOption.Nop(),
                                        new TcpOption.WindowScale(10))
                                .build()),
                new TcpFrame(Endpoint.of("127.0.0.2", 1), Endpoint.of("127.0.0.1", 65535),
                        Segment.builder().flags(Flags.parse("P.")).seq(7).ack(9).payload(new byte[] {0, 1, 2, 3}).build()),
                new TcpFrame(Endpoint.of("127.0.0.1", 1), Endpoint.of("127.0.0.1", 2),
                        Segment.builder().flags(Flags.parse("SEW")).seq(1)
                                .options(new TcpOption.Sack(List.of(new long[] {1, 2}, new long[] {3, 0xffffffffL})),
                                        new TcpOption.Unknown(30, new byte[] {9, 9}))
                                .build()));
        for (TcpFrame f : frames) {
            assertEquals(f, FrameCodec.decodeEthernet(FrameCodec.encode(f)).orElseThrow());
        }
    }

    @Test
    void padsOddOptionListsAndReadsThemBackUnpadded() {
        TcpFrame odd = new TcpFrame(Endpoint.of("127.0.0.1", 1), Endpoint.of("127.0.0.1", 2),
                Segment.builder().flags(Flags.SYN_ONLY).options(new TcpOption.WindowScale(7)).build());
        byte[] raw = FrameCodec.encode(odd);
        assertEquals(14 + 20 + 24, raw.length);
        assertEquals(odd, FrameCodec.decodeEthernet(raw).orElseThrow());
    }

    @Test
    void skipsWhatIsNotTcp() {
        byte[] arp = HEX.parseHex("ffffffffffff0000000000000806" + "0001080006040001" + "00".repeat(20));
        assertTrue(FrameCodec.decodeEthernet(arp).isEmpty());
        assertTrue(FrameCodec.decodeEthernet(new byte[3]).isEmpty());
    }
}

package io.finack.capture;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import io.finack.wire.FrameCodec;
import io.finack.wire.TcpFrame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IP packets of every shape the reader must get right: IPv4 with and without IP options,
 * IPv6 with and without extension headers, TCP with options and payload, every flag the
 * path needs, and packets that are not TCP (UDP, a later IPv4 fragment).
 */
final class FrameCorpus {
    static final Endpoint CLIENT4 = Endpoint.of("10.1.2.3", 40000);
    static final Endpoint SERVER4 = Endpoint.of("192.168.7.9", 443);
    static final Endpoint CLIENT6 = Endpoint.of("2001:db8::1", 40001);
    static final Endpoint SERVER6 = Endpoint.of("2001:db8:ffff::2", 8080);

    private FrameCorpus() {
    }

    /** The IP packet (no link header) of a TCP frame. */
    static byte[] ip(Endpoint from, Endpoint to, Segment segment) {
        byte[] ethernet = FrameCodec.encode(new TcpFrame(from, to, segment));
        return Arrays.copyOfRange(ethernet, 14, ethernet.length);
    }

    static List<byte[]> packets(boolean ipv4, boolean ipv6) {
        List<byte[]> p = new ArrayList<>();
        Segment syn = Segment.builder().flags(Flags.SYN_ONLY).seq(4_000_000_000L).window(64240)
                .options(new TcpOption.Mss(1460), new TcpOption.SackPermitted(), new TcpOption.Timestamps(12345, 0),
                        new TcpOption.Nop(), new TcpOption.WindowScale(7)).build();
        Segment synAck = Segment.builder().flags(Flags.SYN_ACK).seq(77).ack(4_000_000_001L).build();
        Segment data = Segment.builder().flags(Flags.PSH_ACK).seq(4_000_000_001L).ack(78).payload(new byte[300]).build();
        Segment fin = Segment.builder().flags(Flags.FIN_ACK).seq(78).ack(4_000_000_301L).build();
        Segment rst = Segment.builder().flags(Flags.RST_ONLY).seq(5).window(0).build();
        Segment ece = Segment.builder().flags(new Flags(Flags.SYN | Flags.ECE | Flags.CWR)).seq(1).build();
        if (ipv4) {
            p.add(ip(CLIENT4, SERVER4, syn));
            p.add(ip(SERVER4, CLIENT4, synAck));
            p.add(ip(CLIENT4, SERVER4, data));
            p.add(ipv4Options(ip(SERVER4, CLIENT4, fin)));
            p.add(ip(CLIENT4, SERVER4, rst));
            p.add(ip(CLIENT4, SERVER4, ece));
            p.add(udp4());
            p.add(laterFragment(ip(CLIENT4, SERVER4, data)));
        }
        if (ipv6) {
            p.add(ip(CLIENT6, SERVER6, syn));
            p.add(ip(SERVER6, CLIENT6, synAck));
            p.add(ipv6Extensions(ip(CLIENT6, SERVER6, data)));
            p.add(ip(SERVER6, CLIENT6, fin));
            p.add(ipv6Extensions(ip(CLIENT6, SERVER6, rst)));
        }
        return p;
    }

    /** The same IPv4 packet with 4 bytes of IP options (NOPs and an end of list). */
    static byte[] ipv4Options(byte[] ip) {
        int ihl = (ip[0] & 0x0f) * 4;
        ByteBuffer b = ByteBuffer.allocate(ip.length + 4);
        b.put(ip, 0, ihl).put(new byte[] {1, 1, 1, 0}).put(ip, ihl, ip.length - ihl);
        byte[] out = b.array();
        out[0] = (byte) (0x40 | (ihl + 4) / 4);
        ByteBuffer.wrap(out).putShort(2, (short) out.length);
        return out;
    }

    /** The same IPv6 packet with a hop-by-hop and a destination options header before TCP. */
    static byte[] ipv6Extensions(byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(ip.length + 16);
        b.put(ip, 0, 40);
        b.put((byte) 60).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0});   // hop-by-hop -> destination options, PadN
        b.put((byte) 6).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0});    // destination options -> TCP
        b.put(ip, 40, ip.length - 40);
        byte[] out = b.array();
        out[6] = 0;
        ByteBuffer.wrap(out).putShort(4, (short) (out.length - 40));
        return out;
    }

    /** The same IPv4 packet marked as a later fragment (offset 8 bytes): no TCP header in it. */
    static byte[] laterFragment(byte[] ip) {
        byte[] out = ip.clone();
        ByteBuffer.wrap(out).putShort(6, (short) 1);
        return out;
    }

    static byte[] udp4() {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 4);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 32).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {10, 1, 2, 3}).put(new byte[] {10, 1, 2, 4});
        b.putShort((short) 53).putShort((short) 53).putShort((short) 12).putShort((short) 0).putInt(0xdeadbeef);
        return b.array();
    }
}

package io.finack.wire;

import java.util.Arrays;

/**
 * A frame encoded ahead of time whose ack number (and, for loops that reuse one frame for many
 * connections, source port and seq) is filled in at the last moment, when the kernel frame it
 * answers has arrived: the checksum is then adjusted for the changed words (RFC 1624) instead
 * of encoding the frame again.
 */
public final class PreparedFrame {
    private static final int ETHERNET = 14;

    private final byte[] template;
    private final int tcpOffset;
    private final int ackOffset;
    private final int checksumOffset;

    /**
     * A unicast MAC address that is not lo's (lo's is all zeros): lo's receive path marks a
     * frame sent to it PACKET_OTHERHOST and IP drops it before any netfilter hook or socket,
     * after the capture has seen it.
     */
    private static final byte[] OTHER_HOST = {0x02, 0, 0, 0, 0, 0x01};

    private PreparedFrame(byte[] template, int tcpOffset) {
        this.template = template;
        this.tcpOffset = tcpOffset;
        this.ackOffset = tcpOffset + 8;
        this.checksumOffset = tcpOffset + 16;
    }

    /** Encodes {@code frame} with pcap4j; its ack number is the one {@link #withAck} replaces. */
    public static PreparedFrame of(TcpFrame frame) {
        return of(frame, IpFields.NONE);
    }

    /** As {@link #of(TcpFrame)}, with the IP fields {@code ip} written into the IP header. */
    public static PreparedFrame of(TcpFrame frame, IpFields ip) {
        byte[] bytes = FrameCodec.encode(frame);
        ip.applyTo(bytes);
        int tcp = ETHERNET + (frame.source().ipv6() ? 40 : (bytes[ETHERNET] & 0x0f) * 4);
        return new PreparedFrame(bytes, tcp);
    }

    /**
     * The same frame sent to another host's MAC address: the capture of lo sees it, the
     * namespace's IP and TCP never do. For rehearsing the reply path on real frames.
     */
    public PreparedFrame forOtherHost() {
        byte[] bytes = template.clone();
        System.arraycopy(OTHER_HOST, 0, bytes, 0, OTHER_HOST.length);
        return new PreparedFrame(bytes, tcpOffset);
    }

    /** A copy of the frame with {@code ack} as its ack number and the TCP checksum corrected. */
    public byte[] withAck(long ack) {
        byte[] out = template.clone();
        int sum = ~u16(out, checksumOffset) & 0xffff;
        sum = replace32(out, ackOffset, ack, sum);
        putChecksum(out, sum);
        return out;
    }

    /** The frame's length in bytes: the size {@link #writeTo} needs. */
    public int length() {
        return template.length;
    }

    /**
     * Writes the frame into {@code out} (at least {@link #length()} bytes) with another source
     * port, seq and ack, the TCP checksum corrected: no allocation, for loops that send one
     * frame shape thousands of times a second.
     */
    public void writeTo(byte[] out, int sourcePort, long seq, long ack) {
        System.arraycopy(template, 0, out, 0, template.length);
        int sum = ~u16(out, checksumOffset) & 0xffff;
        sum = replace16(out, tcpOffset, sourcePort, sum);
        sum = replace32(out, tcpOffset + 4, seq, sum);
        sum = replace32(out, ackOffset, ack, sum);
        putChecksum(out, sum);
    }

    /** Puts {@code value} at {@code at} and adds the change to the one's-complement {@code sum}. */
    private static int replace16(byte[] b, int at, int value, int sum) {
        sum += (~u16(b, at) & 0xffff) + (value & 0xffff);
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
        return sum;
    }

    private static int replace32(byte[] b, int at, long value, int sum) {
        sum = replace16(b, at, (int) (value >>> 16), sum);
        return replace16(b, at + 2, (int) value, sum);
    }

    private void putChecksum(byte[] out, int sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int checksum = ~sum & 0xffff;
        out[checksumOffset] = (byte) (checksum >>> 8);
        out[checksumOffset + 1] = (byte) checksum;
    }

    public byte[] bytes() {
        return Arrays.copyOf(template, template.length);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}

package io.finack.wire;

import java.util.Arrays;

/**
 * A frame encoded ahead of time whose ack number is filled in at the last moment, when the
 * kernel frame it answers has arrived: the checksum is then adjusted for the changed words
 * (RFC 1624) instead of encoding the frame again.
 */
public final class PreparedFrame {
    private static final int ETHERNET = 14;

    private final byte[] template;
    private final int ackOffset;
    private final int checksumOffset;

    private PreparedFrame(byte[] template, int ackOffset, int checksumOffset) {
        this.template = template;
        this.ackOffset = ackOffset;
        this.checksumOffset = checksumOffset;
    }

    /** Encodes {@code frame} with pcap4j; its ack number is the one {@link #withAck} replaces. */
    public static PreparedFrame of(TcpFrame frame) {
        byte[] bytes = FrameCodec.encode(frame);
        int tcp = ETHERNET + (frame.source().ipv6() ? 40 : (bytes[ETHERNET] & 0x0f) * 4);
        return new PreparedFrame(bytes, tcp + 8, tcp + 16);
    }

    /** A copy of the frame with {@code ack} as its ack number and the TCP checksum corrected. */
    public byte[] withAck(long ack) {
        byte[] out = template.clone();
        int sum = ~u16(out, checksumOffset) & 0xffff;
        for (int i = 0; i < 4; i += 2) {
            int old = u16(out, ackOffset + i);
            int now = (int) (ack >>> (16 - 8 * i)) & 0xffff;
            sum += (~old & 0xffff) + now;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        put32(out, ackOffset, ack);
        int checksum = ~sum & 0xffff;
        out[checksumOffset] = (byte) (checksum >>> 8);
        out[checksumOffset + 1] = (byte) checksum;
        return out;
    }

    public byte[] bytes() {
        return Arrays.copyOf(template, template.length);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}

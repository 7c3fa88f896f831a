package io.finack.capture;

import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpOption;
import io.finack.wire.CapturedFrame;
import io.finack.wire.TcpFrame;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The TCP header fields of one captured frame, decoded in place from the mapped file into this
 * one reusable object: the reader fills it frame after frame, so reading allocates nothing per
 * frame. Whoever needs a frame beyond the call copies what it needs ({@link #source()},
 * {@link #destination()} make the endpoints).
 *
 * <p>Addresses are kept as two longs each: an IPv6 address's halves, or an IPv4 address as
 * its IPv4-mapped IPv6 form (::ffff:a.b.c.d), so one key layout serves both families.
 */
public final class TcpView {
    /** The frame decoded to a TCP header. */
    static final int TCP = 0;
    /** Not TCP over IPv4/IPv6 (ARP, UDP, a later IPv4 fragment, ...). */
    static final int NOT_TCP = 1;
    /** TCP, but the snap length cut the frame before the TCP header's 20 bytes ended. */
    static final int CUT = 2;

    private static final long V4_MAPPED = 0x0000_ffff_0000_0000L;
    private static final int PROTO_TCP = 6;

    private long number;
    private long epochNanos;
    private int capturedLength;
    private int originalLength;
    private boolean ipv6;
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private long destinationLow;
    private int sourcePort;
    private int destinationPort;
    private long seq;
    private long ack;
    private int flags;
    private int window;
    private int headerLength;
    private int payloadLength;

    /** The frame's number in the file, from 1, TCP or not: the number Wireshark shows. */
    public long number() { return number; }
    /** Capture timestamp, nanoseconds since the epoch. */
    public long epochNanos() { return epochNanos; }
    public int capturedLength() { return capturedLength; }
    public int originalLength() { return originalLength; }
    public boolean ipv6() { return ipv6; }
    public long sourceHigh() { return sourceHigh; }
    public long sourceLow() { return sourceLow; }
    public long destinationHigh() { return destinationHigh; }
    public long destinationLow() { return destinationLow; }
    public int sourcePort() { return sourcePort; }
    public int destinationPort() { return destinationPort; }
    public long seq() { return seq; }
    public long ack() { return ack; }
    /** The flag byte, bits as {@link io.finack.tcp.Flags} numbers them. */
    public int flags() { return flags; }
    public int window() { return window; }
    /** TCP header length from the data offset field, options included. */
    public int headerLength() { return headerLength; }
    /** TCP payload bytes the IP header says the segment carries, whatever the snap length kept. */
    public int payloadLength() { return payloadLength; }

    public Endpoint source() {
        return endpoint(sourceHigh, sourceLow, sourcePort);
    }

    public Endpoint destination() {
        return endpoint(destinationHigh, destinationLow, destinationPort);
    }

    /** The endpoint of an address kept as this view keeps it (two longs, IPv4 as IPv4-mapped). */
    public static Endpoint endpoint(long high, long low, int port) {
        return new Endpoint(address(high, low), port);
    }

    /** Fills this view from a frame already decoded (the live capture's), so live and file frames go the same way. */
    public TcpView load(CapturedFrame frame) {
        TcpFrame tcp = frame.tcp();
        number = frame.number();
        epochNanos = frame.epochNanos();
        capturedLength = frame.raw().length;
        originalLength = frame.raw().length;
        ipv6 = tcp.source().ipv6();
        byte[] s = tcp.source().address().getAddress();
        byte[] d = tcp.destination().address().getAddress();
        sourceHigh = high(s);
        sourceLow = low(s);
        destinationHigh = high(d);
        destinationLow = low(d);
        sourcePort = tcp.source().port();
        destinationPort = tcp.destination().port();
        seq = tcp.segment().seq();
        ack = tcp.segment().ack();
        flags = tcp.segment().flags().bits();
        window = tcp.segment().window();
        headerLength = (20 + tcp.segment().options().stream().mapToInt(TcpOption::encodedLength).sum() + 3) & ~3;
        payloadLength = tcp.segment().payloadLength();
        return this;
    }

    /** Makes this view a copy of {@code other}, for a frame that must outlive the reader's call. */
    void copyOf(TcpView other) {
        number = other.number;
        epochNanos = other.epochNanos;
        capturedLength = other.capturedLength;
        originalLength = other.originalLength;
        ipv6 = other.ipv6;
        sourceHigh = other.sourceHigh;
        sourceLow = other.sourceLow;
        destinationHigh = other.destinationHigh;
        destinationLow = other.destinationLow;
        sourcePort = other.sourcePort;
        destinationPort = other.destinationPort;
        seq = other.seq;
        ack = other.ack;
        flags = other.flags;
        window = other.window;
        headerLength = other.headerLength;
        payloadLength = other.payloadLength;
    }

    /** Record-level fields, set by the file reader before {@link #decode}. */
    void record(long number, long epochNanos, int capturedLength, int originalLength) {
        this.number = number;
        this.epochNanos = epochNanos;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
    }

    /**
     * Decodes the IP and TCP headers of the frame at {@code pos} of {@code be}, its IP header
     * {@code ip} bytes in; returns {@link #TCP}, {@link #NOT_TCP} or {@link #CUT}.
     */
    int decode(byte[] be, int pos, int ip) {
        int caplen = capturedLength;
        if (caplen < ip + 1) {
            return NOT_TCP;
        }
        int version = (Bytes.u8(be, pos + ip) & 0xf0) >> 4;
        int tcp;
        int segmentLength;
        // A frame counts as cut only when the bytes kept show it is TCP: the protocol must be visible.
        if (version == 4) {
            if (caplen < ip + 10 || Bytes.u8(be, pos + ip + 9) != PROTO_TCP) {
                return NOT_TCP;
            }
            if ((Bytes.be16(be, pos + ip + 6) & 0x1fff) != 0) {
                return NOT_TCP;                                     // a later fragment: no TCP header in it
            }
            int ihl = (Bytes.u8(be, pos + ip) & 0x0f) * 4;
            if (ihl < 20) {
                return NOT_TCP;
            }
            if (caplen < ip + ihl) {
                return CUT;
            }
            int total = Bytes.be16(be, pos + ip + 2);
            // Captured on a host with segmentation offload, the length can be 0: the frame's own length is the truth then.
            int ipLength = total != 0 ? total : originalLength - ip;
            tcp = ip + ihl;
            segmentLength = ipLength - ihl;
            ipv6 = false;
            sourceHigh = 0;
            sourceLow = V4_MAPPED | (Bytes.be32(be, pos + ip + 12) & 0xffff_ffffL);
            destinationHigh = 0;
            destinationLow = V4_MAPPED | (Bytes.be32(be, pos + ip + 16) & 0xffff_ffffL);
        } else if (version == 6) {
            if (caplen < ip + 7) {
                return NOT_TCP;
            }
            int next = Bytes.u8(be, pos + ip + 6);
            if (caplen < ip + 40) {
                return next == PROTO_TCP ? CUT : NOT_TCP;
            }
            int at = ip + 40;
            segmentLength = Bytes.be16(be, pos + ip + 4);
            while (next != PROTO_TCP) {
                int length;
                if (caplen < at + 8) {
                    return NOT_TCP;                                 // the chain is cut before it shows TCP
                }
                if (next == 0 || next == 43 || next == 60) {        // hop-by-hop, routing, destination options
                    length = (Bytes.u8(be, pos + at + 1) + 1) * 8;
                } else if (next == 44) {                            // fragment: only the first carries TCP's header
                    if ((Bytes.be16(be, pos + at + 2) & 0xfff8) != 0) return NOT_TCP;
                    length = 8;
                } else if (next == 51) {                            // authentication header
                    length = (Bytes.u8(be, pos + at + 1) + 2) * 4;
                } else {
                    return NOT_TCP;
                }
                next = Bytes.u8(be, pos + at);
                at += length;
                segmentLength -= length;
            }
            tcp = at;
            ipv6 = true;
            sourceHigh = Bytes.be64(be, pos + ip + 8);
            sourceLow = Bytes.be64(be, pos + ip + 16);
            destinationHigh = Bytes.be64(be, pos + ip + 24);
            destinationLow = Bytes.be64(be, pos + ip + 32);
        } else {
            return NOT_TCP;
        }
        if (caplen < tcp + 20) {
            return CUT;
        }
        int t = pos + tcp;
        sourcePort = Bytes.be16(be, t);
        destinationPort = Bytes.be16(be, t + 2);
        seq = Bytes.be32(be, t + 4) & 0xffff_ffffL;
        ack = Bytes.be32(be, t + 8) & 0xffff_ffffL;
        headerLength = ((Bytes.u8(be, t + 12) & 0xf0) >> 4) * 4;
        flags = Bytes.u8(be, t + 13);
        window = Bytes.be16(be, t + 14);
        payloadLength = Math.max(0, segmentLength - headerLength);
        return TCP;
    }

    private static InetAddress address(long high, long low) {
        byte[] bytes;
        if (high == 0 && (low & 0xffff_ffff_0000_0000L) == V4_MAPPED) {
            bytes = new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
        } else {
            bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (high >>> (56 - 8 * i));
                bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static long high(byte[] address) {
        return address.length == 4 ? 0 : ByteBuffer.wrap(address).getLong(0);
    }

    private static long low(byte[] address) {
        return address.length == 4 ? V4_MAPPED | (ByteBuffer.wrap(address).getInt(0) & 0xffff_ffffL)
                : ByteBuffer.wrap(address).getLong(8);
    }
}

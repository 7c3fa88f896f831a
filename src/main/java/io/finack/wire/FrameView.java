package io.finack.wire;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpHeader;

import java.net.Inet6Address;
import java.util.Arrays;
import java.util.Optional;

/**
 * The TCP header fields of a lo frame read in place, without decoding the rest. The capture
 * thread decides on this view whether a kernel frame is the one a reply waits for, and sends
 * the reply before the frame is decoded in full: pcap4j's decoder is the reference, but it
 * costs hundreds of microseconds until the JIT has warmed it, longer than the kernel's own
 * reaction. Tests hold the two decoders to the same answers.
 */
public final class FrameView implements TcpHeader {
    private static final int ETHERNET = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int PROTO_TCP = 6;

    private final byte[] raw;
    private final boolean ipv6;
    private final int tcp;
    private final int payloadLength;

    private FrameView(byte[] raw, boolean ipv6, int tcp, int payloadLength) {
        this.raw = raw;
        this.ipv6 = ipv6;
        this.tcp = tcp;
        this.payloadLength = payloadLength;
    }

    /** A view of a TCP-over-IPv4/IPv6 Ethernet frame (IPv6 without extension headers); empty otherwise. */
    public static Optional<FrameView> of(byte[] raw) {
        if (raw.length < ETHERNET + 20) {
            return Optional.empty();
        }
        int etherType = u16(raw, 12);
        if (etherType == ETHERTYPE_IPV4) {
            int ihl = (raw[ETHERNET] & 0x0f) * 4;
            int total = u16(raw, ETHERNET + 2);
            int tcp = ETHERNET + ihl;
            if ((raw[ETHERNET] & 0xf0) != 0x40 || raw[ETHERNET + 9] != PROTO_TCP || ihl < 20
                    || raw.length < tcp + 20 || ETHERNET + total > raw.length) {
                return Optional.empty();
            }
            return bounded(raw, false, tcp, total - ihl);
        }
        if (etherType == ETHERTYPE_IPV6 && raw.length >= ETHERNET + 40 + 20) {
            int payload = u16(raw, ETHERNET + 4);
            if ((raw[ETHERNET] & 0xf0) != 0x60 || raw[ETHERNET + 6] != PROTO_TCP || ETHERNET + 40 + payload > raw.length) {
                return Optional.empty();
            }
            return bounded(raw, true, ETHERNET + 40, payload);
        }
        return Optional.empty();
    }

    private static Optional<FrameView> bounded(byte[] raw, boolean ipv6, int tcp, int segmentLength) {
        int headerLength = ((raw[tcp + 12] & 0xf0) >> 4) * 4;
        if (headerLength < 20 || segmentLength < headerLength) {
            return Optional.empty();
        }
        return Optional.of(new FrameView(raw, ipv6, tcp, segmentLength - headerLength));
    }

    @Override
    public Flags flags() {
        return new Flags(((raw[tcp + 12] & 1) << 8) | (raw[tcp + 13] & 0xff));
    }

    @Override
    public long seq() {
        return u32(raw, tcp + 4);
    }

    @Override
    public long ack() {
        return u32(raw, tcp + 8);
    }

    @Override
    public int payloadLength() {
        return payloadLength;
    }

    public int sourcePort() {
        return u16(raw, tcp);
    }

    public int destinationPort() {
        return u16(raw, tcp + 2);
    }

    /** True when the frame was sent from {@code endpoint} (address and port). */
    public boolean sentFrom(Endpoint endpoint) {
        return is(endpoint, sourcePort(), ipv6 ? ETHERNET + 8 : ETHERNET + 12);
    }

    /** True when the frame is addressed to {@code endpoint} (address and port). */
    public boolean sentTo(Endpoint endpoint) {
        return is(endpoint, destinationPort(), ipv6 ? ETHERNET + 24 : ETHERNET + 16);
    }

    private boolean is(Endpoint endpoint, int port, int addressAt) {
        if (endpoint.port() != port || (endpoint.address() instanceof Inet6Address) != ipv6) {
            return false;
        }
        byte[] address = endpoint.address().getAddress();
        return Arrays.equals(raw, addressAt, addressAt + address.length, address, 0, address.length);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }
}

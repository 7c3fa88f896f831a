package io.finack.kernel;

import io.finack.tcp.Endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * {@code struct sockaddr_in} and {@code sockaddr_in6} as byte arrays, and the address family
 * numbers. The family field is in host order; port, flow info and address are in network order.
 */
final class SocketAddresses {
    /** sizeof(struct sockaddr_in). */
    static final int IPV4_SIZE = 16;
    /** sizeof(struct sockaddr_in6): family, port, flowinfo, 16-byte address, scope id. */
    static final int IPV6_SIZE = 28;

    private SocketAddresses() {
    }

    /** AF_INET or AF_INET6. */
    static int addressFamily(Endpoint.Family family) {
        return family == Endpoint.Family.IPV4 ? Libc.AF_INET : Libc.AF_INET6;
    }

    static Endpoint.Family family(int addressFamily) {
        return switch (addressFamily) {
            case Libc.AF_INET -> Endpoint.Family.IPV4;
            case Libc.AF_INET6 -> Endpoint.Family.IPV6;
            default -> throw new IllegalArgumentException("not an IP address family: " + addressFamily);
        };
    }

    /** The sockaddr for an endpoint, of the endpoint's own family. */
    static byte[] encode(Endpoint endpoint) {
        return encode(endpoint, endpoint.family());
    }

    /**
     * The sockaddr for an endpoint on a socket of {@code socketFamily}: an IPv4 endpoint on an
     * IPv6 socket becomes its IPv4-mapped address (::ffff:a.b.c.d), as packetdrill's
     * ipv4-mapped-ipv6 runs give it. IPv6 gets flow info 0 and the endpoint's scope id (a
     * link-local address's interface).
     */
    static byte[] encode(Endpoint endpoint, Endpoint.Family socketFamily) {
        boolean v6 = socketFamily == Endpoint.Family.IPV6;
        if (endpoint.ipv6() && !v6) {
            throw new IllegalArgumentException("an IPv6 endpoint on an IPv4 socket: " + endpoint);
        }
        byte[] address = endpoint.address().getAddress();
        if (v6 && !endpoint.ipv6()) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(address, 0, mapped, 12, 4);
            address = mapped;
        }
        ByteBuffer b = ByteBuffer.allocate(v6 ? IPV6_SIZE : IPV4_SIZE);
        b.order(ByteOrder.nativeOrder()).putShort((short) addressFamily(socketFamily));
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) endpoint.port());
        if (v6) {
            b.putInt(0);
        }
        b.put(address);
        if (v6) {
            b.order(ByteOrder.nativeOrder()).putInt(endpoint.scopeId());
        }
        return b.array();
    }

    /** The endpoint in a sockaddr the kernel filled in (getsockname, accept). */
    static Endpoint decode(byte[] sockaddr) {
        ByteBuffer b = ByteBuffer.wrap(sockaddr);
        Endpoint.Family family = family(b.order(ByteOrder.nativeOrder()).getShort(0));
        int port = Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(2));
        int offset = family == Endpoint.Family.IPV4 ? 4 : 8;
        int length = family == Endpoint.Family.IPV4 ? 4 : 16;
        return new Endpoint(address(Arrays.copyOfRange(sockaddr, offset, offset + length)), port);
    }

    /**
     * An address from its 4 or 16 raw bytes. An IPv4-mapped IPv6 address (what a dual-stack
     * socket, such as Java's own, reports) becomes the IPv4 address, so it compares equal to the
     * endpoint the user wrote.
     */
    static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + raw.length + " bytes", e);
        }
    }
}

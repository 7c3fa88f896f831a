package io.finack.kernel;

import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpState;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The sock_diag messages as bytes: the inet_diag dump request and the reply's netlink
 * messages. Pure functions, so the layouts are tested without a kernel. Netlink headers and
 * the inet_diag counters are in host order; ports and addresses in network order.
 */
final class InetDiag {
    static final short SOCK_DIAG_BY_FAMILY = 20;
    static final short NLM_F_DUMP = 0x300;
    /** sizeof(struct inet_diag_req_v2). */
    static final int REQUEST_SIZE = 56;
    /** sizeof(struct inet_diag_msg). */
    static final int MESSAGE_SIZE = 72;
    /** One bit per TCP state (1 << state): ask for sockets in every state. */
    static final int ALL_STATES = 0xffffffff;
    /** The attribute type of a socket's struct tcp_info in the reply (enum inet_diag_attr). */
    static final short INET_DIAG_INFO = 2;
    /** idiag_ext asks for attribute type T with bit T - 1. */
    static final byte INFO_EXTENSION = 1 << (INET_DIAG_INFO - 1);
    /** sizeof(struct rtattr): u16 length, u16 type. */
    private static final int ATTRIBUTE_HEADER = 4;

    private InetDiag() {
    }

    /**
     * A dump request for every TCP socket of one family, asking for each full socket's
     * struct tcp_info (timewait and request sockets have none).
     */
    static byte[] dumpRequest(Endpoint.Family family, int seq) {
        ByteBuffer b = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN + REQUEST_SIZE).order(ByteOrder.nativeOrder());
        b.putInt(Netlink.NLMSG_HDRLEN + REQUEST_SIZE).putShort(SOCK_DIAG_BY_FAMILY)
                .putShort((short) (Netlink.NLM_F_REQUEST | NLM_F_DUMP)).putInt(seq).putInt(0);
        b.put((byte) SocketAddresses.addressFamily(family)).put((byte) Libc.IPPROTO_TCP).put(INFO_EXTENSION).put((byte) 0);
        b.putInt(ALL_STATES);
        // The inet_diag_sockid stays zero: a dump ignores it.
        return b.array();
    }

    /** The sockets in one datagram of a dump reply, and whether it ended the dump. */
    record Batch(List<SocketInfo> sockets, boolean done) {
        Batch {
            sockets = List.copyOf(sockets);
        }
    }

    /**
     * Parses one datagram of the reply to the request numbered {@code seq}; messages of other
     * sequence numbers (a dump abandoned earlier) are skipped.
     *
     * @throws SyscallException the kernel answered with an error (Netlink.NLMSG_ERROR, or a failed Netlink.NLMSG_DONE)
     */
    static Batch parse(byte[] datagram, int length, int seq) throws SyscallException {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<SocketInfo> sockets = new ArrayList<>();
        for (Netlink.Message m : Netlink.messages(b, length)) {
            if (m.seq() != seq) {
                continue;
            }
            Netlink.throwIfError(b, m, "sock_diag");
            if (m.type() == Netlink.NLMSG_DONE) {
                return new Batch(sockets, true);
            }
            if (m.type() == SOCK_DIAG_BY_FAMILY) {
                if (m.payloadLength() < MESSAGE_SIZE) {
                    throw new IllegalStateException("inet_diag_msg of " + m.payloadLength() + " bytes");
                }
                sockets.add(socket(b, m.payload(), tcpInfo(b, m.payload() + MESSAGE_SIZE, m.offset() + m.length())));
            }
        }
        return new Batch(sockets, false);
    }

    /** The INET_DIAG_INFO attribute among those from {@code at} to {@code end}, decoded. */
    private static Optional<TcpInfo> tcpInfo(ByteBuffer b, int at, int end) {
        while (end - at >= ATTRIBUTE_HEADER) {
            int length = Short.toUnsignedInt(b.getShort(at));
            if (length < ATTRIBUTE_HEADER || length > end - at) {
                throw new IllegalStateException("malformed inet_diag attribute: length " + length + " at offset " + at);
            }
            if (b.getShort(at + 2) == INET_DIAG_INFO) {
                return Optional.of(TcpInfo.decode(b.array(), at + ATTRIBUTE_HEADER, length - ATTRIBUTE_HEADER));
            }
            at += Netlink.align(length);
        }
        return Optional.empty();
    }

    /** Reads the struct inet_diag_msg at {@code at}, with the tcp_info its attributes held. */
    private static SocketInfo socket(ByteBuffer b, int at, Optional<TcpInfo> info) {
        Endpoint.Family family = SocketAddresses.family(Byte.toUnsignedInt(b.get(at)));
        int addressLength = family == Endpoint.Family.IPV4 ? 4 : 16;
        byte[] bytes = b.array();
        // inet_diag_sockid at at+4: sport, dport, src[16], dst[16] in network order; if, cookie[2].
        ByteBuffer network = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        int sport = Short.toUnsignedInt(network.getShort(at + 4));
        int dport = Short.toUnsignedInt(network.getShort(at + 6));
        Endpoint local = new Endpoint(SocketAddresses.address(Arrays.copyOfRange(bytes, at + 8, at + 8 + addressLength)), sport);
        Endpoint remote = new Endpoint(SocketAddresses.address(Arrays.copyOfRange(bytes, at + 24, at + 24 + addressLength)), dport);
        return new SocketInfo(
                TcpState.ofNumber(Byte.toUnsignedInt(b.get(at + 1))),
                local,
                remote,
                Integer.toUnsignedLong(b.getInt(at + 68)),
                Byte.toUnsignedInt(b.get(at + 2)),
                Byte.toUnsignedInt(b.get(at + 3)),
                Integer.toUnsignedLong(b.getInt(at + 52)),
                info);
    }
}

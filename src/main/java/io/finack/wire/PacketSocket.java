package io.finack.wire;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import io.finack.kernel.Libc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A send-only packet socket on lo: frames written to it reach the kernel as if they had arrived
 * from outside, like {@link Injector}'s, and are received on the CPU of the thread that sends
 * them (lo hands a frame to the receive path of the sending CPU). Unlike the injector it has no
 * lock and no capture behind it, so two threads, each with its own socket, inject at the same
 * moment. Protocol 0 registers no receive hook, so opening one costs no RCU grace period.
 *
 * <p>libc is bound directly (JNA's direct mapping): an interface-mapped call costs microseconds
 * of reflection, which would blur the two threads' timing.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    /** sizeof(struct sockaddr_ll). */
    private static final int SOCKADDR_LL_SIZE = 20;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_VNET_HDR = 15;
    /** sizeof(struct virtio_net_hdr). */
    private static final int VNET_HDR_SIZE = 10;
    private static final byte VIRTIO_NET_HDR_GSO_TCPV4 = 1;
    private static final byte VIRTIO_NET_HDR_GSO_TCPV6 = 4;

    static {
        Native.register("c");
    }

    private final int fd;
    private final String device;
    private final boolean vnetHeader;
    private boolean closed;

    private PacketSocket(int fd, String device, boolean vnetHeader) {
        this.fd = fd;
        this.device = device;
        this.vnetHeader = vnetHeader;
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    private static native int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    private static native long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private static native int if_nametoindex(String name);

    /** A socket sending on the calling thread's namespace's lo. */
    public static PacketSocket openLoopback() throws IOException {
        return open("lo", false);
    }

    /**
     * A socket sending on {@code device} of the calling thread's namespace; with
     * {@code vnetHeader}, each frame goes with a virtio_net_hdr ({@link #sendSegmented}).
     */
    static PacketSocket open(String device, boolean vnetHeader) throws IOException {
        int index = if_nametoindex(device);
        if (index == 0) {
            throw new IOException("this network namespace has no " + device);
        }
        int fd;
        try {
            fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException(Libc.describe("socket(AF_PACKET)", e), e);
        }
        // struct sockaddr_ll: family, protocol (0: send only), ifindex; the rest stays zero.
        byte[] address = ByteBuffer.allocate(SOCKADDR_LL_SIZE).order(ByteOrder.nativeOrder())
                .putShort((short) AF_PACKET).putShort((short) 0).putInt(index).array();
        try {
            if (vnetHeader) {
                byte[] on = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
                setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, on, on.length);
            }
            bind(fd, address, address.length);
        } catch (LastErrorException e) {
            close(fd);
            throw new IOException(Libc.describe("bind(AF_PACKET, " + device + ")", e), e);
        }
        return new PacketSocket(fd, device, vnetHeader);
    }

    /**
     * Sends a TCP frame as a segmentation-offload frame: a virtio_net_hdr with the TCP GSO type
     * and {@code segmentSize}, which must be under the payload's length (the kernel marks a frame
     * GSO only then). A veth pair forwards such a frame whatever its length against the MTU, as
     * packetdrill's tun device takes any length it is written, and the receiving TCP sees one
     * GRO packet of segments that long. A size one byte under the payload makes it one segment:
     * the receiving TCP clamps its MSS estimate to its advertised MSS, which such a frame exceeds
     * anyway, so the size seen is the same as for one plain frame.
     */
    void sendSegmented(byte[] frame, int headerLength, int payloadLength, int segmentSize) throws IOException {
        if (!vnetHeader || segmentSize < 1 || segmentSize >= payloadLength) {
            throw new IllegalStateException("a GSO frame needs a vnet header socket and a segment size under its payload");
        }
        boolean ipv6 = (frame[12] & 0xff) == 0x86 && (frame[13] & 0xff) == 0xdd;
        ByteBuffer b = ByteBuffer.allocate(VNET_HDR_SIZE + frame.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put(ipv6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4)
                .putShort((short) headerLength).putShort((short) segmentSize).putShort((short) 0).putShort((short) 0);
        b.put(frame);
        send(b.array(), b.capacity());
    }

    /** Sends the first {@code length} bytes of {@code frame} (an Ethernet frame) into lo. */
    public void send(byte[] frame, int length) throws IOException {
        if (closed) {
            throw new IOException("the packet socket is closed");
        }
        try {
            send(fd, frame, length, 0);
        } catch (LastErrorException e) {
            throw new IOException(Libc.describe("send(AF_PACKET, " + device + ")", e), e);
        }
    }

    /** Closes the socket; the kernel waits for an RCU grace period, so this takes milliseconds. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            close(fd);
        }
    }
}

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

    static {
        Native.register("c");
    }

    private final int fd;
    private boolean closed;

    private PacketSocket(int fd) {
        this.fd = fd;
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    private static native long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private static native int if_nametoindex(String name);

    /** A socket sending on the calling thread's namespace's lo. */
    public static PacketSocket openLoopback() throws IOException {
        int index = if_nametoindex("lo");
        if (index == 0) {
            throw new IOException("this network namespace has no lo");
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
            bind(fd, address, address.length);
        } catch (LastErrorException e) {
            close(fd);
            throw new IOException(Libc.describe("bind(AF_PACKET, lo)", e), e);
        }
        return new PacketSocket(fd);
    }

    /** Sends the first {@code length} bytes of {@code frame} (an Ethernet frame) into lo. */
    public void send(byte[] frame, int length) throws IOException {
        if (closed) {
            throw new IOException("the packet socket is closed");
        }
        try {
            send(fd, frame, length, 0);
        } catch (LastErrorException e) {
            throw new IOException(Libc.describe("send(AF_PACKET, lo)", e), e);
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

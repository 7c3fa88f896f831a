package io.finack.kernel;

import com.sun.jna.LastErrorException;
import io.finack.tcp.Endpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the state of every TCP socket from the kernel through NETLINK_SOCK_DIAG (what
 * {@code ss} uses), including sockets no file descriptor reaches: orphans after close, and
 * timewait sockets, which report their substate (FIN_WAIT2 or TIME_WAIT) as their state.
 * Asking for all state bits also takes in the bound-inactive pseudo-state of recent kernels
 * (bit 13; measured on 6.18), so a socket that is bound but neither listens nor connects
 * appears, in state CLOSE; an unbound socket never does.
 *
 * <p>The netlink socket sees the network namespace of the thread that opens it: open it on
 * the namespace's thread; after that any thread may call {@link #dump}.
 */
public final class SockDiag implements AutoCloseable {
    /** Dump datagrams never exceed 32 KiB (netlink caps its dump buffers there). */
    private static final int RECEIVE_BUFFER = 32 * 1024;
    /** sizeof(struct sockaddr_nl). */
    private static final int SOCKADDR_NL_SIZE = 12;

    private final int fd;
    private final byte[] buffer = new byte[RECEIVE_BUFFER];
    private int seq;
    private boolean closed;

    private SockDiag(int fd) {
        this.fd = fd;
    }

    /** A sock_diag socket for the calling thread's network namespace. */
    public static SockDiag open() throws SyscallException {
        try {
            return new SockDiag(Libc.C.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_SOCK_DIAG));
        } catch (LastErrorException e) {
            throw SyscallException.of("socket(AF_NETLINK)", e);
        }
    }

    /** Every TCP socket of the namespace, IPv4 then IPv6, in every state. */
    public synchronized List<SocketInfo> dump() throws SyscallException {
        if (closed) {
            throw new IllegalStateException("sock_diag socket is closed");
        }
        List<SocketInfo> sockets = new ArrayList<>();
        for (Endpoint.Family family : Endpoint.Family.values()) {
            int requestSeq = ++seq;
            send(InetDiag.dumpRequest(family, requestSeq));
            InetDiag.Batch batch;
            do {
                batch = InetDiag.parse(buffer, receive(), requestSeq);
                sockets.addAll(batch.sockets());
            } while (!batch.done());
        }
        return List.copyOf(sockets);
    }

    /** The socket with this local and remote endpoint (a listener's remote is the wildcard, port 0). */
    public Optional<SocketInfo> find(Endpoint local, Endpoint remote) throws SyscallException {
        return dump().stream().filter(s -> s.local().equals(local) && s.remote().equals(remote)).findFirst();
    }

    private void send(byte[] request) throws SyscallException {
        byte[] kernel = ByteBuffer.allocate(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder())
                .putShort((short) Libc.AF_NETLINK).array();
        try {
            Libc.C.sendto(fd, request, request.length, 0, kernel, kernel.length);
        } catch (LastErrorException e) {
            throw SyscallException.of("sendto(sock_diag)", e);
        }
    }

    private int receive() throws SyscallException {
        long length;
        try {
            // MSG_TRUNC makes recv return the datagram's real length, so a cut reply is seen.
            length = Libc.C.recv(fd, buffer, buffer.length, Libc.MSG_TRUNC);
        } catch (LastErrorException e) {
            throw SyscallException.of("recv(sock_diag)", e);
        }
        if (length > buffer.length) {
            throw new IllegalStateException("sock_diag datagram of " + length + " bytes exceeds " + buffer.length);
        }
        return (int) length;
    }

    @Override
    public synchronized void close() throws SyscallException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Libc.C.close(fd);
        } catch (LastErrorException e) {
            throw SyscallException.of("close", e);
        }
    }
}

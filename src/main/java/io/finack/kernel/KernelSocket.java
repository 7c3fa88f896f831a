package io.finack.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import io.finack.tcp.Endpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real kernel TCP socket, driven call by call through libc so that an experiment controls
 * exactly which syscalls the kernel sees and when.
 *
 * <p>A socket lives in the network namespace of the thread that opens it: open it on the
 * namespace's thread ({@code NetNamespace.call}); after that any thread may use it. Waits take
 * a deadline and poll, so no call blocks for longer than the caller allows (except
 * {@link #close} with a lingering timeout, as in C).
 */
public final class KernelSocket implements AutoCloseable {
    private static final int POLLFD_SIZE = 8;

    private final int fd;
    private final Endpoint.Family family;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KernelSocket(int fd, Endpoint.Family family) {
        this.fd = fd;
        this.family = family;
    }

    /** A new TCP socket (SOCK_STREAM, close-on-exec) in the calling thread's namespace. */
    public static KernelSocket open(Endpoint.Family family) throws SyscallException {
        try {
            int fd = Libc.C.socket(SocketAddresses.addressFamily(family), Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
            return new KernelSocket(fd, family);
        } catch (LastErrorException e) {
            throw SyscallException.of("socket", e);
        }
    }

    public int fd() {
        return fd;
    }

    /**
     * The struct sockaddr of an endpoint as this socket takes it, for a call that names one
     * (sendto, sendmsg): of the socket's family, so that an IPv4 endpoint on an IPv6 socket is
     * its IPv4-mapped address, as bind and connect give it.
     */
    public byte[] sockaddr(Endpoint endpoint) {
        return SocketAddresses.encode(endpoint, family);
    }

    /**
     * Makes every call this class uses once on an invalid descriptor, where each fails at
     * once with EBADF and touches nothing. JNA binds a function on its first call, which took
     * milliseconds here: enough to make a script's first events late.
     */
    public static void warmUp() {
        byte[] address = SocketAddresses.encode(new Endpoint(Endpoint.IPV4_LOOPBACK, 0));
        byte[] buffer = new byte[8];
        Runnable[] calls = {
            () -> Libc.C.setsockopt(-1, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, buffer, 4),
            () -> Libc.C.getsockopt(-1, Libc.SOL_SOCKET, Libc.SO_ERROR, buffer, new IntByReference(4)),
            () -> Libc.C.fcntl(-1, Libc.F_GETFL, 0),
            () -> Libc.C.bind(-1, address, address.length),
            () -> Libc.C.listen(-1, 1),
            () -> Libc.C.accept4(-1, null, null, Libc.SOCK_CLOEXEC),
            () -> Libc.C.connect(-1, address, address.length),
            () -> Libc.C.write(-1, buffer, 1),
            () -> Libc.C.recv(-1, buffer, 1, 0),
            () -> Libc.C.sendto(-1, buffer, 1, 0, null, 0),
            () -> Libc.C.recvfrom(-1, buffer, 1, 0, null, null),
            () -> Libc.C.read(-1, buffer, 1),
            () -> Libc.C.sendmsg(-1, new com.sun.jna.Memory(64), 0),
            () -> Libc.C.recvmsg(-1, new com.sun.jna.Memory(64), 0),
            () -> Libc.C.ioctl(-1, 0, buffer),
            () -> Libc.C.poll(buffer, 0, 0),
            () -> Libc.C.epoll_ctl(-1, 0, -1, buffer),
            () -> Libc.C.epoll_wait(-1, buffer, 1, 0),
            () -> Libc.C.splice(-1, null, -1, null, 0, 0),
            () -> Libc.C.sendfile(-1, -1, new long[1], 0),
            () -> Libc.C.shutdown(-1, Libc.SHUT_WR),
            () -> Libc.C.close(-1),
        };
        for (Runnable call : calls) {
            try {
                call.run();
            } catch (LastErrorException expected) {
                // EBADF: the point was the binding, not the call
            }
        }
    }

    /** SO_REUSEADDR. */
    public void reuseAddress(boolean on) throws SyscallException {
        setIntOption(Libc.SOL_SOCKET, Libc.SO_REUSEADDR, on ? 1 : 0, "setsockopt(SO_REUSEADDR)");
    }

    /** SO_LINGER; {@code linger(true, 0)} makes close() send RST instead of FIN. */
    public void linger(boolean on, int seconds) throws SyscallException {
        byte[] linger = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(on ? 1 : 0).putInt(seconds).array();
        setOption(Libc.SOL_SOCKET, Libc.SO_LINGER, linger, "setsockopt(SO_LINGER)");
    }

    /** An integer socket option, as setsockopt(fd, LEVEL, NAME, [value], 4). */
    public void set(IntOption option, int value) throws SyscallException {
        setIntOption(option.level(), option.number(), value, "setsockopt(" + option + ")");
    }

    /** O_NONBLOCK, through fcntl so the other status flags are kept. */
    public void nonBlocking(boolean on) throws SyscallException {
        ensureOpen();
        try {
            int flags = Libc.C.fcntl(fd, Libc.F_GETFL, 0);
            Libc.C.fcntl(fd, Libc.F_SETFL, on ? flags | Libc.O_NONBLOCK : flags & ~Libc.O_NONBLOCK);
        } catch (LastErrorException e) {
            throw SyscallException.of("fcntl", e);
        }
    }

    public void bind(Endpoint local) throws SyscallException {
        ensureOpen();
        byte[] address = SocketAddresses.encode(local, family);
        try {
            Libc.C.bind(fd, address, address.length);
        } catch (LastErrorException e) {
            throw SyscallException.of("bind", e);
        }
    }

    public void listen(int backlog) throws SyscallException {
        ensureOpen();
        try {
            Libc.C.listen(fd, backlog);
        } catch (LastErrorException e) {
            throw SyscallException.of("listen", e);
        }
    }

    /** Waits up to {@code timeout} for a connection and accepts it (blocking, close-on-exec). */
    public KernelSocket accept(Duration timeout) throws SyscallException {
        awaitEvent(Libc.POLLIN, timeout, "accept");
        return acceptNow();
    }

    /** accept() now, waiting for nothing: a non-blocking listener with no connection fails with EAGAIN. */
    public KernelSocket acceptNow() throws SyscallException {
        ensureOpen();
        try {
            return new KernelSocket(Libc.C.accept4(fd, null, null, Libc.SOCK_CLOEXEC), family);
        } catch (LastErrorException e) {
            throw SyscallException.of("accept", e);
        }
    }

    /**
     * Starts a connection. Returns true when the kernel is still connecting (a non-blocking
     * socket's EINPROGRESS, which is not an error: see {@link #awaitConnected}), false when the
     * connection completed within the call.
     */
    public boolean connect(Endpoint remote) throws SyscallException {
        ensureOpen();
        byte[] address = SocketAddresses.encode(remote, family);
        try {
            Libc.C.connect(fd, address, address.length);
            return false;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINPROGRESS.number()) {
                return true;
            }
            throw SyscallException.of("connect", e);
        }
    }

    /**
     * Waits for a connection in progress to finish. A failed connection throws with the
     * socket's SO_ERROR, e.g. ECONNREFUSED after the peer's RST, under the call name "connect".
     */
    public void awaitConnected(Duration timeout) throws SyscallException {
        if (!connectedWithin(timeout)) {
            throw SyscallException.timedOut("connect", timeout);
        }
    }

    /**
     * As {@link #awaitConnected}, but a connection still in progress after {@code timeout} is
     * no error: false, and the caller may wait again (a loop that notes a slow connect and
     * goes on waiting for it).
     */
    public boolean connectedWithin(Duration timeout) throws SyscallException {
        if (!ready(Libc.POLLOUT, timeout)) {
            return false;
        }
        int error = pendingError();
        if (error != 0) {
            throw SyscallException.of("connect", error);
        }
        return true;
    }

    /** SO_ERROR: the socket's pending error (0 for none), which reading clears. */
    public int pendingError() throws SyscallException {
        ensureOpen();
        byte[] value = new byte[4];
        try {
            Libc.C.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, value, new IntByReference(value.length));
        } catch (LastErrorException e) {
            throw SyscallException.of("getsockopt(SO_ERROR)", e);
        }
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
    }

    /** TCP_INFO: the socket's tcp_info as the kernel reports it now. */
    public TcpInfo tcpInfo() throws SyscallException {
        byte[] value = new byte[TcpInfo.SIZE];
        return TcpInfo.decode(value, 0, struct(Libc.IPPROTO_TCP, Libc.TCP_INFO, value, "getsockopt(TCP_INFO)"));
    }

    /** TCP_CC_INFO: what the socket's congestion control reports of itself (nothing for cubic). */
    public CongestionInfo congestionInfo() throws SyscallException {
        byte[] value = new byte[CongestionInfo.SIZE];
        return CongestionInfo.decode(value, struct(Libc.IPPROTO_TCP, Libc.TCP_CC_INFO, value, "getsockopt(TCP_CC_INFO)"));
    }

    /** SO_MEMINFO: the socket's memory accounting now. */
    public MemInfo memInfo() throws SyscallException {
        byte[] value = new byte[MemInfo.SIZE];
        return MemInfo.decode(value, struct(Libc.SOL_SOCKET, Libc.SO_MEMINFO, value, "getsockopt(SO_MEMINFO)"));
    }

    /** A struct-valued option into {@code value}; the length the kernel filled in. */
    private int struct(int level, int name, byte[] value, String what) throws SyscallException {
        ensureOpen();
        IntByReference length = new IntByReference(value.length);
        try {
            Libc.C.getsockopt(fd, level, name, value, length);
        } catch (LastErrorException e) {
            throw SyscallException.of(what, e);
        }
        return length.getValue();
    }

    /** The file status flags (fcntl F_GETFL), e.g. O_RDWR|O_NONBLOCK. */
    public int statusFlags() throws SyscallException {
        ensureOpen();
        try {
            return Libc.C.fcntl(fd, Libc.F_GETFL, 0);
        } catch (LastErrorException e) {
            throw SyscallException.of("fcntl", e);
        }
    }

    /** Writes once; returns how many bytes the kernel took (maybe fewer than given). */
    public int write(byte[] data) throws SyscallException {
        ensureOpen();
        try {
            return (int) Libc.C.write(fd, data, data.length);
        } catch (LastErrorException e) {
            throw SyscallException.of("write", e);
        }
    }

    /**
     * Waits up to {@code timeout} for data and reads at most {@code max} bytes. An empty array
     * means end of stream (the peer's FIN); running out of time throws ETIMEDOUT.
     */
    public byte[] read(int max, Duration timeout) throws SyscallException {
        awaitEvent(Libc.POLLIN, timeout, "read");
        return readNow(max);
    }

    /**
     * Reads at most {@code max} bytes now, waiting only as the socket's own blocking mode
     * says: a non-blocking socket with nothing to read fails with EAGAIN. An empty array
     * means end of stream.
     */
    public byte[] readNow(int max) throws SyscallException {
        ensureOpen();
        byte[] buffer = new byte[max];
        try {
            return Arrays.copyOf(buffer, (int) Libc.C.recv(fd, buffer, max, 0));
        } catch (LastErrorException e) {
            throw SyscallException.of("read", e);
        }
    }

    /** {@link Libc#SHUT_RD}, {@link Libc#SHUT_WR} or {@link Libc#SHUT_RDWR}. */
    public void shutdown(int how) throws SyscallException {
        ensureOpen();
        try {
            Libc.C.shutdown(fd, how);
        } catch (LastErrorException e) {
            throw SyscallException.of("shutdown", e);
        }
    }

    /** The bound address and port (getsockname). */
    public Endpoint localEndpoint() throws SyscallException {
        ensureOpen();
        byte[] address = new byte[SocketAddresses.IPV6_SIZE];
        try {
            Libc.C.getsockname(fd, address, new IntByReference(address.length));
        } catch (LastErrorException e) {
            throw SyscallException.of("getsockname", e);
        }
        return SocketAddresses.decode(address);
    }

    /**
     * Closes the descriptor; later calls do nothing. Linux releases the descriptor even when
     * close reports an error, so the error is thrown but the socket counts as closed.
     */
    @Override
    public void close() throws SyscallException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Libc.C.close(fd);
        } catch (LastErrorException e) {
            throw SyscallException.of("close", e);
        }
    }

    private void setIntOption(int level, int name, int value, String call) throws SyscallException {
        setOption(level, name, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array(), call);
    }

    private void setOption(int level, int name, byte[] value, String call) throws SyscallException {
        ensureOpen();
        try {
            Libc.C.setsockopt(fd, level, name, value, value.length);
        } catch (LastErrorException e) {
            throw SyscallException.of(call, e);
        }
    }

    /**
     * Polls until {@code events} (or an error or hangup, which the next call then reports)
     * is ready, retrying after signals, and throws ETIMEDOUT when the deadline passes first.
     */
    private void awaitEvent(short events, Duration timeout, String call) throws SyscallException {
        if (!ready(events, timeout)) {
            throw SyscallException.timedOut(call, timeout);
        }
    }

    /** Polls as {@link #awaitEvent} does; false when the deadline passes first. */
    private boolean ready(short events, Duration timeout) throws SyscallException {
        ensureOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] pollfd = new byte[POLLFD_SIZE];
        ByteBuffer.wrap(pollfd).order(ByteOrder.nativeOrder()).putInt(fd).putShort(events);
        while (true) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            // Round up so that a wait below one millisecond does not become a busy poll(0).
            int millis = (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000);
            try {
                if (Libc.C.poll(pollfd, 1, millis) > 0) {
                    return true;
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR.number()) {
                    throw SyscallException.of("poll", e);
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
        }
    }

    private void ensureOpen() {
        // The number of a closed descriptor may already belong to another file.
        if (closed.get()) {
            throw new IllegalStateException("socket fd " + fd + " is closed");
        }
    }
}

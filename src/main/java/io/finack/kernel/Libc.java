package io.finack.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/**
 * The libc calls finack makes, bound through JNA. Arguments that C takes as structs are
 * passed as byte arrays laid out by the caller (JNA copies arrays in and back out), which
 * keeps every struct layout next to the code that reads it. {@code size_t} is {@code long}
 * (LP64 Linux). Each call throws {@link LastErrorException} with errno on failure.
 */
public interface Libc extends Library {
    Libc C = Native.load("c", Libc.class);

    int AF_INET = 2;
    int AF_INET6 = 10;
    int AF_NETLINK = 16;
    int SOCK_STREAM = 1;
    int SOCK_DGRAM = 2;
    int SOCK_RAW = 3;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int NETLINK_ROUTE = 0;
    int NETLINK_SOCK_DIAG = 4;
    int MSG_TRUNC = 0x20;
    int SOL_SOCKET = 1;
    int SO_REUSEADDR = 2;
    int SO_ERROR = 4;
    int SO_LINGER = 13;
    int SO_MEMINFO = 55;
    int IPPROTO_TCP = 6;
    int TCP_NODELAY = 1;
    int TCP_INFO = 11;
    int TCP_CC_INFO = 26;
    int F_GETFL = 3;
    int F_SETFL = 4;
    int O_NONBLOCK = 0x800;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    int SHUT_RD = 0;
    int SHUT_WR = 1;
    int SHUT_RDWR = 2;
    int SIGKILL = 9;
    int CLONE_NEWNET = 0x40000000;
    int CLONE_NEWNS = 0x00020000;
    int CLOCK_REALTIME = 0;
    int CLOCK_TAI = 11;
    long MS_REC = 0x4000;
    long MS_PRIVATE = 0x40000;
    int EFD_NONBLOCK = 0x800;
    int EFD_CLOEXEC = 0x80000;
    int EINTR = 4;
    int EAGAIN = 11;
    int EINPROGRESS = 115;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    int getsockopt(int fd, int level, int name, byte[] value, IntByReference length) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int connect(int fd, byte[] address, int length) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, byte[] address, IntByReference length, int flags) throws LastErrorException;

    int getsockname(int fd, byte[] address, IntByReference length) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int fcntl(int fd, int command, int argument) throws LastErrorException;

    /** {@code fds} holds {@code struct pollfd} entries: int fd, short events, short revents. */
    int poll(byte[] fds, long count, int timeoutMillis) throws LastErrorException;

    long read(int fd, byte[] buffer, long count) throws LastErrorException;

    long write(int fd, byte[] buffer, long count) throws LastErrorException;

    long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    long recvfrom(int fd, byte[] buffer, long length, int flags, byte[] address, IntByReference addressLength)
            throws LastErrorException;

    /** {@code message} is a {@code struct msghdr} in native memory, with its buffers. */
    long sendmsg(int fd, com.sun.jna.Pointer message, int flags) throws LastErrorException;

    long recvmsg(int fd, com.sun.jna.Pointer message, int flags) throws LastErrorException;

    int epoll_create(int size) throws LastErrorException;

    /** {@code event} is a packed {@code struct epoll_event}: u32 events, u64 data. */
    int epoll_ctl(int epfd, int op, int fd, byte[] event) throws LastErrorException;

    int epoll_wait(int epfd, byte[] events, int maxEvents, int timeoutMillis) throws LastErrorException;

    int pipe(int[] fds) throws LastErrorException;

    /** Offsets are {@code loff_t *}; null for none (a socket or pipe). */
    long splice(int in, com.sun.jna.Pointer inOffset, int out, com.sun.jna.Pointer outOffset, long length, int flags)
            throws LastErrorException;

    /** {@code offset} is an {@code off_t} the call advances. */
    long sendfile(int out, int in, long[] offset, long count) throws LastErrorException;

    int ioctl(int fd, long request, byte[] argument) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    int mount(String source, String target, String type, long flags, String data) throws LastErrorException;

    /** The calling thread's id, as tracefs records it in an event's pid. */
    int gettid();

    /** {@code timespec} is a {@code struct timespec}: long seconds, long nanoseconds. */
    int clock_gettime(int clock, byte[] timespec) throws LastErrorException;

    /** {@code pid} negative: the whole process group. */
    int kill(int pid, int signal) throws LastErrorException;

    int eventfd(int initialValue, int flags) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int sched_setaffinity(int pid, long maskSize, byte[] mask) throws LastErrorException;

    /** {@code param} is a {@code struct sched_param}: one int, the priority. */
    int sched_setscheduler(int pid, int policy, byte[] param) throws LastErrorException;

    String strerror(int errno);

    /** "connect: Connection refused (errno 111)": one line for a failed call. */
    static String describe(String call, LastErrorException e) {
        return call + ": " + C.strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")";
    }
}

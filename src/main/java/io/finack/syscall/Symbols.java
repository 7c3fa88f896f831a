package io.finack.syscall;

import io.finack.kernel.Errno;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The named constants a script may write in a system call's arguments, with their values on
 * Linux x86-64 (the kernel's uapi headers and glibc's): levels, options, flags, events, ioctl
 * requests, error origins and errno names. The names are packetdrill's, so that its scripts
 * read the same here; {@code NULL} is 0.
 */
public final class Symbols {
    private static final Map<String, Long> VALUES = new HashMap<>();

    static {
        define(0, "NULL", "AF_UNSPEC", "PF_UNSPEC", "SOL_IP", "IPPROTO_IP", "SHUT_RD", "SEEK_SET", "O_RDONLY",
                "F_DUPFD", "IP_PMTUDISC_DONT", "SCM_TSTAMP_SND", "SO_EE_ORIGIN_NONE");
        define(1, "SOL_SOCKET", "SOCK_STREAM", "SHUT_WR", "SEEK_CUR", "O_WRONLY", "F_GETFD", "FD_CLOEXEC",
                "IP_PMTUDISC_WANT", "SCM_TSTAMP_SCHED", "SO_EE_ORIGIN_LOCAL", "SO_EE_CODE_ZEROCOPY_COPIED",
                "EPOLL_CTL_ADD", "SPLICE_F_MOVE");
        define(2, "AF_INET", "PF_INET", "SOCK_DGRAM", "SHUT_RDWR", "SEEK_END", "O_RDWR", "F_SETFD",
                "IP_PMTUDISC_DO", "SCM_TSTAMP_ACK", "SO_EE_ORIGIN_ICMP", "EPOLL_CTL_DEL", "SPLICE_F_NONBLOCK");
        define(3, "SOCK_RAW", "O_ACCMODE", "F_GETFL", "IP_PMTUDISC_PROBE", "SO_EE_ORIGIN_ICMP6", "EPOLL_CTL_MOD");
        define(4, "F_SETFL", "SO_EE_ORIGIN_TXSTATUS", "SO_EE_ORIGIN_TIMESTAMPING", "SPLICE_F_MORE");
        define(5, "SO_EE_ORIGIN_ZEROCOPY");
        define(8, "SPLICE_F_GIFT");
        define(10, "AF_INET6", "PF_INET6");
        define(6, "IPPROTO_TCP", "SOL_TCP");
        define(17, "IPPROTO_UDP", "SOL_UDP");
        define(41, "IPPROTO_IPV6", "SOL_IPV6");
        define(0x800, "SOCK_NONBLOCK", "O_NONBLOCK");
        define(0x80000, "SOCK_CLOEXEC", "O_CLOEXEC");
        define(0100, "O_CREAT");
        define(0200, "O_EXCL");
        define(0400, "O_NOCTTY");
        define(01000, "O_TRUNC");
        define(02000, "O_APPEND");

        // <asm-generic/socket.h>
        names("SO_", 1, "DEBUG", "REUSEADDR", "TYPE", "ERROR", "DONTROUTE", "BROADCAST", "SNDBUF", "RCVBUF",
                "KEEPALIVE", "OOBINLINE", "NO_CHECK", "PRIORITY", "LINGER", "BSDCOMPAT", "REUSEPORT", "PASSCRED",
                "PEERCRED", "RCVLOWAT", "SNDLOWAT", "RCVTIMEO", "SNDTIMEO");
        define(25, "SO_BINDTODEVICE");
        define(29, "SO_TIMESTAMP");
        define(30, "SO_ACCEPTCONN");
        define(36, "SO_MARK");
        define(37, "SO_TIMESTAMPING", "SCM_TIMESTAMPING");
        define(47, "SO_MAX_PACING_RATE");
        define(49, "SO_INCOMING_CPU");
        define(54, "SCM_TIMESTAMPING_OPT_STATS");
        define(60, "SO_ZEROCOPY");
        names("SOF_TIMESTAMPING_", -1, "TX_HARDWARE", "TX_SOFTWARE", "RX_HARDWARE", "RX_SOFTWARE", "SOFTWARE",
                "SYS_HARDWARE", "RAW_HARDWARE", "OPT_ID", "TX_SCHED", "TX_ACK", "OPT_CMSG", "OPT_TSONLY",
                "OPT_STATS", "OPT_PKTINFO", "OPT_TX_SWHW", "BIND_PHC", "OPT_ID_TCP");

        // <linux/in.h>, <linux/in6.h>
        define(1, "IP_TOS");
        define(2, "IP_TTL");
        define(10, "IP_MTU_DISCOVER");
        define(11, "IP_RECVERR");
        define(14, "IP_MTU");
        define(15, "IP_FREEBIND");
        define(16, "IPV6_UNICAST_HOPS");
        define(23, "IPV6_MTU_DISCOVER");
        define(24, "IPV6_MTU");
        define(25, "IPV6_RECVERR");
        define(52, "IPV6_HOPLIMIT");
        define(67, "IPV6_TCLASS");

        // <linux/tcp.h>
        names("TCP_", 1, "NODELAY", "MAXSEG", "CORK", "KEEPIDLE", "KEEPINTVL", "KEEPCNT", "SYNCNT", "LINGER2",
                "DEFER_ACCEPT", "WINDOW_CLAMP", "INFO", "QUICKACK", "CONGESTION", "MD5SIG");
        define(16, "TCP_THIN_LINEAR_TIMEOUTS");
        define(17, "TCP_THIN_DUPACK");
        define(18, "TCP_USER_TIMEOUT");
        define(23, "TCP_FASTOPEN");
        define(24, "TCP_TIMESTAMP");
        define(25, "TCP_NOTSENT_LOWAT");
        define(27, "TCP_SAVE_SYN");
        define(30, "TCP_FASTOPEN_CONNECT");
        define(33, "TCP_FASTOPEN_KEY");
        define(34, "TCP_FASTOPEN_NO_COOKIE");
        define(36, "TCP_INQ", "TCP_CM_INQ");
        define(37, "TCP_TX_DELAY");

        // <bits/socket.h>
        define(0x1, "MSG_OOB");
        define(0x2, "MSG_PEEK");
        define(0x4, "MSG_DONTROUTE");
        define(0x8, "MSG_CTRUNC");
        define(0x10, "MSG_PROXY");
        define(0x20, "MSG_TRUNC");
        define(0x40, "MSG_DONTWAIT");
        define(0x80, "MSG_EOR");
        define(0x100, "MSG_WAITALL");
        define(0x200, "MSG_FIN");
        define(0x400, "MSG_SYN");
        define(0x800, "MSG_CONFIRM");
        define(0x1000, "MSG_RST");
        define(0x2000, "MSG_ERRQUEUE");
        define(0x4000, "MSG_NOSIGNAL");
        define(0x8000, "MSG_MORE");
        define(0x4000000, "MSG_ZEROCOPY");
        define(0x20000000, "MSG_FASTOPEN");
        define(0x40000000, "MSG_CMSG_CLOEXEC");

        // ioctl requests: SIOCINQ is FIONREAD and SIOCOUTQ is TIOCOUTQ
        define(0x541B, "SIOCINQ", "FIONREAD");
        define(0x5411, "SIOCOUTQ", "TIOCOUTQ");
        define(0x894B, "SIOCOUTQNSD");

        // <poll.h>, <sys/epoll.h>
        for (String prefix : new String[] {"POLL", "EPOLL"}) {
            define(0x1, prefix + "IN");
            define(0x2, prefix + "PRI");
            define(0x4, prefix + "OUT");
            define(0x8, prefix + "ERR");
            define(0x10, prefix + "HUP");
            define(0x40, prefix + "RDNORM");
            define(0x80, prefix + "RDBAND");
            define(0x100, prefix + "WRNORM");
            define(0x200, prefix + "WRBAND");
            define(0x400, prefix + "MSG");
            define(0x2000, prefix + "RDHUP");
        }
        define(0x20, "POLLNVAL");
        define(0x1000, "POLLREMOVE");
        define(1L << 28, "EPOLLEXCLUSIVE");
        define(1L << 29, "EPOLLWAKEUP");
        define(1L << 30, "EPOLLONESHOT");
        define(1L << 31, "EPOLLET");

        for (Errno e : Errno.values()) {
            define(e.number(), e.name());
        }
        define(Errno.EAGAIN.number(), "EWOULDBLOCK");
    }

    private Symbols() {
    }

    private static void define(long value, String... names) {
        for (String name : names) {
            if (VALUES.put(name, value) != null) {
                throw new IllegalStateException("symbol " + name + " defined twice");
            }
        }
    }

    /** Consecutive values from {@code first}, or with {@code first} -1 the bits 1, 2, 4, ... */
    private static void names(String prefix, int first, String... suffixes) {
        for (int i = 0; i < suffixes.length; i++) {
            define(first < 0 ? 1L << i : first + i, prefix + suffixes[i]);
        }
    }

    /**
     * A value's bits by name, low bit first, as packetdrill prints flags: {@code POLLIN|POLLOUT}
     * for {@code ("POLL", 5)}; a bit without a name under {@code prefix} in hexadecimal; 0 is "".
     */
    public static String bits(String prefix, long value) {
        StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            long mask = 1L << bit;
            if ((value & mask) != 0) {
                String name = VALUES.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue() == mask)
                        .map(Map.Entry::getKey).sorted().findFirst().orElse("0x" + Long.toHexString(mask));
                s.append(s.length() == 0 ? "" : "|").append(name);
            }
        }
        return s.toString();
    }

    /** The value of a name, empty for a name finack does not know. */
    public static OptionalLong value(String name) {
        Long value = VALUES.get(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}

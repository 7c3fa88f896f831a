package io.finack.sandbox;

import com.sun.jna.LastErrorException;
import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * IPv4 settings of one interface in one network namespace (its {@code net.ipv4.conf.IF.*}
 * values), each restored to its value from before the first {@link #set} when this is closed,
 * newest first. In the caller's own namespace the old values are also restored at JVM exit,
 * SIGINT and SIGTERM included.
 *
 * <p>They are read and set through rtnetlink (RTM_GETLINK, RTM_SETLINK), not /proc/sys: a
 * container mounts /proc/sys read-only, even inside a namespace of its own, while rtnetlink
 * only needs CAP_NET_ADMIN. The netlink socket is made on a thread inside the namespace, for
 * each request, so it reaches that namespace's interface.
 */
public final class LinkConf implements AutoCloseable {
    /** The IPv4 settings finack sets, by their index in the kernel's devconf table. */
    public enum Ipv4 {
        /** Accept packets whose source address is local (else dropped as IP_LOCAL_SOURCE). */
        ACCEPT_LOCAL(23),
        /** Route 127.0.0.0/8 packets that arrive on this interface (else dropped as IP_LOCALNET). */
        ROUTE_LOCALNET(26);

        private final int index;

        Ipv4(int index) {
            this.index = index;
        }

        /** IPV4_DEVCONF_* in include/uapi/linux/ip.h. */
        int index() {
            return index;
        }

        /** The sysctl's last name component, e.g. "route_localnet". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An RTM_NEWLINK for lo with its statistics is about 1.5 KiB. */
    private static final int RECEIVE_BUFFER = 32 * 1024;
    /** rtnetlink answers from within sendto; the wait only guards against a lost answer. */
    private static final int ANSWER_TIMEOUT_MILLIS = 1000;
    /** sizeof(struct sockaddr_nl). */
    private static final int SOCKADDR_NL_SIZE = 12;
    /** Each request has a socket of its own, so one sequence number serves them all. */
    private static final int SEQ = 1;

    private final NetNamespace namespace;
    private final String ifname;
    private final Set<Ipv4> saved = EnumSet.noneOf(Ipv4.class); // guarded by change
    private final CleanupRegistry restorers = new CleanupRegistry();
    private final NamespaceChange change;

    /** Settings of {@code ifname} in {@code namespace}, which must outlive this. */
    public LinkConf(NetNamespace namespace, String ifname) {
        RtNetlink.checkInterfaceName(ifname);
        this.namespace = namespace;
        this.ifname = ifname;
        this.change = new NamespaceChange(namespace, "IPv4 settings of " + ifname + " in namespace " + namespace.name(),
                restorers::runAll);
    }

    /** The current value, e.g. 1 for route_localnet when it is on. */
    public int get(Ipv4 setting) throws SandboxException {
        return namespace.call(() -> read(setting));
    }

    /** Sets {@code setting} to {@code value}. */
    public void set(Ipv4 setting, int value) throws SandboxException {
        namespace.call(() -> change.apply(() -> {
            if (!saved.contains(setting)) {
                int old = read(setting);
                restorers.register(sysctl(setting), () -> write(setting, old));
                saved.add(setting);
            }
            write(setting, value);
            return null;
        }));
    }

    /** Restores every setting set to its first value, newest first. */
    @Override
    public void close() throws SandboxException {
        change.close();
    }

    /** The sysctl that shows the setting, e.g. net.ipv4.conf.lo.route_localnet: the name users know. */
    private String sysctl(Ipv4 setting) {
        return "net.ipv4.conf." + ifname + "." + setting.key();
    }

    private int read(Ipv4 setting) throws SandboxException {
        try {
            int[] values = exchange(RtNetlink.getLink(ifname, SEQ),
                    (answer, length) -> RtNetlink.ipv4Conf(answer, length, SEQ));
            if (setting.index() > values.length) {
                throw new SandboxException("cannot read " + sysctl(setting) + ": " + ifname + " has no IPv4 settings");
            }
            return values[setting.index() - 1];
        } catch (SyscallException e) {
            throw new SandboxException("cannot read " + sysctl(setting) + ": " + e.getMessage(), e);
        }
    }

    private void write(Ipv4 setting, int value) throws SandboxException {
        try {
            exchange(RtNetlink.setIpv4Conf(ifname, new TreeMap<>(Map.of(setting.index(), value)), SEQ),
                    (answer, length) -> {
                        RtNetlink.checkAck(answer, length, SEQ);
                        return null;
                    });
        } catch (SyscallException e) {
            throw new SandboxException("cannot set " + sysctl(setting) + " to " + value + ": " + e.getMessage(), e);
        }
    }

    private interface Answer<T> {
        T read(byte[] datagram, int length) throws SyscallException;
    }

    /** Sends {@code request} on a new NETLINK_ROUTE socket of the calling thread's namespace and reads the answer. */
    private static <T> T exchange(byte[] request, Answer<T> answer) throws SyscallException {
        int fd;
        try {
            fd = Libc.C.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw SyscallException.of("socket(AF_NETLINK)", e);
        }
        try {
            byte[] kernel = ByteBuffer.allocate(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder())
                    .putShort((short) Libc.AF_NETLINK).array();
            call("sendto(rtnetlink)", () -> Libc.C.sendto(fd, request, request.length, 0, kernel, kernel.length));
            byte[] pollfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(fd).putShort(Libc.POLLIN).array();
            if (call("poll(rtnetlink)", () -> Libc.C.poll(pollfd, 1, ANSWER_TIMEOUT_MILLIS)) == 0) {
                throw SyscallException.timedOut("recv(rtnetlink)", Duration.ofMillis(ANSWER_TIMEOUT_MILLIS));
            }
            byte[] buffer = new byte[RECEIVE_BUFFER];
            // MSG_TRUNC makes recv return the datagram's real length, so a cut answer is seen.
            long length = call("recv(rtnetlink)", () -> Libc.C.recv(fd, buffer, buffer.length, Libc.MSG_TRUNC));
            if (length > buffer.length) {
                throw new IllegalStateException("rtnetlink datagram of " + length + " bytes exceeds " + buffer.length);
            }
            return answer.read(buffer, (int) length);
        } finally {
            Libc.C.close(fd);
        }
    }

    private interface Call {
        long run();
    }

    private static long call(String what, Call call) throws SyscallException {
        try {
            return call.run();
        } catch (LastErrorException e) {
            throw SyscallException.of(what, e);
        }
    }
}

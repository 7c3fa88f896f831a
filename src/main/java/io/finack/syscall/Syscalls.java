package io.finack.syscall;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The system calls finack runs, by name: the table from a script's call line to its call. Each
 * entry is the {@code parse} of the call's own class, which also makes the call and checks it.
 */
public final class Syscalls {
    /** Reads one call line's arguments into its call. */
    @FunctionalInterface
    public interface Syntax {
        SocketCall parse(Line line) throws NotationException;
    }

    private static final Map<String, Syntax> TABLE;

    static {
        Map<String, Syntax> table = new TreeMap<>();
        table.put("socket", Socket::parse);
        table.put("setsockopt", SetSockOpt::parse);
        table.put("getsockopt", GetSockOpt::parse);
        table.put("fcntl", Fcntl::parse);
        table.put("ioctl", Ioctl::parse);
        table.put("bind", Bind::parse);
        table.put("listen", Listen::parse);
        table.put("accept", Accept::parse);
        table.put("connect", Connect::parse);
        table.put("write", Send::write);
        table.put("send", Send::send);
        table.put("sendto", Send::sendto);
        table.put("sendmsg", SendMsg::parse);
        table.put("read", Receive::read);
        table.put("recv", Receive::recv);
        table.put("recvfrom", Receive::recvfrom);
        table.put("recvmsg", RecvMsg::parse);
        table.put("shutdown", Shutdown::parse);
        table.put("close", Close::parse);
        table.put("poll", Poll::parse);
        table.put("epoll_create", EpollCreate::parse);
        table.put("epoll_ctl", EpollCtl::parse);
        table.put("epoll_wait", EpollWait::parse);
        table.put("pipe", Pipe::parse);
        table.put("splice", Splice::parse);
        table.put("open", Open::parse);
        table.put("sendfile", SendFile::parse);
        TABLE = Collections.unmodifiableMap(table);
    }

    private Syscalls() {
    }

    /** The names of the calls finack runs, sorted. */
    public static java.util.Set<String> names() {
        return TABLE.keySet();
    }

    /** The call's syntax, empty for a call finack does not run. */
    public static Optional<Syntax> named(String name) {
        return Optional.ofNullable(TABLE.get(name));
    }

    /** Reads a call line; a call finack does not run is refused by name. */
    public static SocketCall parse(Line line) throws NotationException {
        Syntax syntax = TABLE.get(line.name());
        if (syntax == null) {
            throw new NotationException("system call '" + line.name() + "' is not supported by finack (supported: "
                    + String.join(", ", TABLE.keySet()) + ")");
        }
        return syntax.parse(line);
    }
}

package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

/**
 * {@code epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLOUT|EPOLLET, fd=4})}: the event's fd must
 * be the call's, as packetdrill requires.
 */
public record EpollCtl(int fd, int op, String opName, int target, EpollEvent event) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(4);
        int target = line.fd(2);
        EpollEvent event = EpollEvent.parse(line.argument(3));
        if (event.kind() == EpollEvent.Kind.FD && event.data() != target) {
            throw new NotationException("wrong fd specified in epoll_event");
        }
        return new EpollCtl(line.fd(0), line.s32(1), line.argument(1).toString(), target, event);
    }

    @Override
    public String name() {
        return "epoll_ctl";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int live = context.fds().live(target);
        int epoll = context.fds().live(fd);
        return Returned.of(Calls.call("epoll_ctl", () -> Libc.C.epoll_ctl(epoll, op, live, event.encode(live))));
    }

    @Override public String toString() { return "epoll_ctl(" + fd + ", " + opName + ", " + target + ", " + event + ")"; }
}

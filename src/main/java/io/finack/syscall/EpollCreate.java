package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

/** {@code epoll_create(1) = 5}: an epoll instance the script names {@code fd}. */
public record EpollCreate(int fd, int size) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(1);
        return new EpollCreate(line.returnedFd(), line.s32(0));
    }

    @Override
    public String name() {
        return "epoll_create";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        context.fds().addFile(fd, (int) Calls.call("epoll_create", () -> Libc.C.epoll_create(size)));
        return Returned.of(fd);
    }

    @Override public String toString() { return "epoll_create(" + size + ") = " + fd; }
}

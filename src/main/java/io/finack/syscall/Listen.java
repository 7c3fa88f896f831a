package io.finack.syscall;

import io.finack.kernel.SyscallException;

/** {@code listen(3, BACKLOG)}. */
public record Listen(int fd, int backlog) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(2);
        return new Listen(line.fd(0), line.s32(1));
    }

    @Override
    public String name() {
        return "listen";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        context.fds().socket(fd).listen(backlog);
        return Returned.of(0);
    }

    @Override public String toString() { return "listen(" + fd + ", " + backlog + ") = 0"; }
}

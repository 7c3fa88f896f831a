package io.finack.syscall;

import io.finack.kernel.SyscallException;

/** {@code shutdown(4, SHUT_WR)}: SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2). */
public record Shutdown(int fd, int how) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(2);
        return new Shutdown(line.fd(0), line.s32(1));
    }

    @Override
    public String name() {
        return "shutdown";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        context.fds().socket(fd).shutdown(how);
        return Returned.of(0);
    }

    @Override public String toString() {
        String name = how >= 0 && how <= 2 ? new String[] {"SHUT_RD", "SHUT_WR", "SHUT_RDWR"}[how] : Integer.toString(how);
        return "shutdown(" + fd + ", " + name + ") = 0";
    }
}

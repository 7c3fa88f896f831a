package io.finack.syscall;

import io.finack.kernel.KernelSocket;
import io.finack.kernel.SyscallException;

/** {@code socket(..., SOCK_STREAM, IPPROTO_TCP) = 3}: a TCP socket of the run's family, named {@code fd}. */
public record Socket(int fd) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(3);
        if (!line.isEllipsis(0)) {
            long domain = line.integer(0);
            if (domain != Symbols.value("AF_INET").getAsLong() && domain != Symbols.value("AF_INET6").getAsLong()) {
                throw new NotationException("socket domain " + line.argument(0) + " is not supported by finack "
                        + "(AF_INET, AF_INET6 or ...: the run's family)");
            }
        }
        if (line.integer(1) != Symbols.value("SOCK_STREAM").getAsLong()) {
            throw new NotationException("socket type " + line.argument(1) + " is not supported by finack: TCP only (SOCK_STREAM)");
        }
        long protocol = line.integer(2);
        if (protocol != 0 && protocol != Symbols.value("IPPROTO_TCP").getAsLong()) {
            throw new NotationException("socket protocol " + line.argument(2) + " is not supported by finack: TCP only (IPPROTO_TCP)");
        }
        return new Socket(line.returnedFd());
    }

    @Override
    public String name() {
        return "socket";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        context.fds().addSocket(fd, KernelSocket.open(context.family()));
        context.socketOpened().run();
        return Returned.of(fd);
    }

    @Override public String toString() { return "socket(..., SOCK_STREAM, IPPROTO_TCP) = " + fd; }
}

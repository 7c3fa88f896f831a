package io.finack.syscall;

import io.finack.kernel.Errno;
import io.finack.kernel.KernelSocket;
import io.finack.kernel.SyscallException;
import io.finack.tcp.Endpoint;

import java.util.function.UnaryOperator;

/**
 * {@code connect(3, ..., ...)}: to the harness's endpoint. A socket the script did not bind is
 * bound to the kernel's endpoint first. A non-blocking one returns EINPROGRESS.
 */
public record Connect(int fd, Endpoint remote) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(3);
        line.address(1);
        line.address(2);
        return new Connect(line.fd(0), line.harness());
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return !fds.nonBlocking(fd);
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        KernelSocket socket = context.fds().socket(fd);
        context.startConnecting(fd, socket);
        if (socket.connect(remote)) {
            throw SyscallException.of("connect", Errno.EINPROGRESS.number());
        }
        return Returned.of(0);
    }

    @Override public SocketCall withEndpoints(UnaryOperator<Endpoint> move) { return new Connect(fd, move.apply(remote)); }
    @Override public String toString() { return "connect(" + fd + ", " + remote + ") = -1 EINPROGRESS"; }
}

package io.finack.syscall;

import io.finack.kernel.KernelSocket;
import io.finack.kernel.SyscallException;

import java.time.Duration;

/**
 * {@code accept(3, ..., ...) = 4}: accepts on the listener {@code fd} and names the new socket
 * {@code accepted}. On a blocking listener it waits up to {@code within} for a connection.
 */
public record Accept(int fd, int accepted, Duration within) implements SocketCall {
    /** How long a blocking accept() may wait. */
    static final Duration WAIT = Duration.ofSeconds(10);

    static SocketCall parse(Line line) throws NotationException {
        line.count(3);
        line.address(1);
        line.address(2);
        int fd = line.fd(0);
        return new Accept(fd, line.result().value() >= 0 ? line.returnedFd() : fd, WAIT);
    }

    @Override
    public String name() {
        return "accept";
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return !fds.nonBlocking(fd);
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        KernelSocket listener = context.fds().socket(fd);
        KernelSocket socket = context.fds().nonBlocking(fd) ? listener.acceptNow() : listener.accept(within);
        context.fds().addSocket(accepted, socket);
        return Returned.of(accepted);
    }

    @Override public String toString() { return "accept(" + fd + ", ..., ...) = " + accepted; }
}

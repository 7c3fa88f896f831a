package io.finack.syscall;

import io.finack.kernel.SyscallException;
import io.finack.tcp.Endpoint;

import java.util.function.UnaryOperator;

/** {@code bind(3, ..., ...)}: to the kernel's endpoint, which finack supplies. */
public record Bind(int fd, Endpoint local) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(3);
        line.address(1);
        line.address(2);
        return new Bind(line.fd(0), line.kernel());
    }

    @Override
    public String name() {
        return "bind";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        context.fds().socket(fd).bind(local);
        context.fds().markBound(fd);
        return Returned.of(0);
    }

    @Override public SocketCall withEndpoints(UnaryOperator<Endpoint> move) { return new Bind(fd, move.apply(local)); }
    @Override public String toString() { return "bind(" + fd + ", " + local + ") = 0"; }
}

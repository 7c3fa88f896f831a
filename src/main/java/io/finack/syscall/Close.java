package io.finack.syscall;

import io.finack.kernel.KernelSocket;
import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.util.Optional;

/** {@code close(4)}: any descriptor the script opened. */
public record Close(int fd) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(1);
        return new Close(line.fd(0));
    }

    @Override
    public String name() {
        return "close";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        FdTable fds = context.fds();
        Optional<KernelSocket> socket = fds.openSocket(fd);
        int live = fds.live(fd);
        fds.remove(fd);
        if (socket.isPresent()) {
            socket.get().close();
        } else {
            Calls.call("close", () -> Libc.C.close(live));
        }
        return Returned.of(0);
    }

    @Override public String toString() { return "close(" + fd + ") = 0"; }
}

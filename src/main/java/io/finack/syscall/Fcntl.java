package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.util.OptionalInt;

/**
 * {@code fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK)}, {@code fcntl(3, F_GETFL) = 0x802}: any command,
 * with or without its argument; the result is the kernel's. F_SETFL also tells the run
 * whether the descriptor's calls block.
 */
public record Fcntl(int fd, int command, OptionalInt argument, String written) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        if (line.arguments().size() != 2 && line.arguments().size() != 3) {
            throw new NotationException("fcntl expected 2-3 args but got " + line.arguments().size());
        }
        OptionalInt argument = line.arguments().size() == 3 ? OptionalInt.of(line.s32(2)) : OptionalInt.empty();
        return new Fcntl(line.fd(0), line.s32(1), argument, String.join(", ",
                line.arguments().stream().map(Object::toString).toList()));
    }

    @Override
    public String name() {
        return "fcntl";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int live = context.fds().live(fd);
        long result = Calls.call("fcntl", () -> Libc.C.fcntl(live, command, argument.orElse(0)));
        if (command == Libc.F_SETFL) {
            context.fds().nonBlocking(fd, (argument.orElse(0) & Libc.O_NONBLOCK) != 0);
        }
        return Returned.of(result);
    }

    @Override public String toString() { return "fcntl(" + written + ")"; }
}

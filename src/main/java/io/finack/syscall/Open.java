package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

/** {@code open("/tmp/testfile", O_RDONLY) = 5}: a file the script names {@code fd} (close-on-exec). */
public record Open(int fd, String path, int flags) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(2);
        if (!(line.argument(0) instanceof Argument.Text path)) {
            throw Notation.badType(line.argument(0), "string");
        }
        return new Open(line.returnedFd(), path.value(), line.s32(1));
    }

    @Override
    public String name() {
        return "open";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        context.fds().addFile(fd, (int) Calls.call("open", () -> Libc.C.open(path, flags | Libc.O_CLOEXEC)));
        return Returned.of(fd);
    }

    @Override public String toString() { return "open(\"" + path + "\", " + flags + ") = " + fd; }
}

package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

/** {@code sendfile(4, 5, [0], 5)}: {@code count} bytes of the file {@code in} from {@code offset} to the socket {@code fd}. */
public record SendFile(int fd, int in, long offset, int count) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(4);
        return new SendFile(line.fd(0), line.fd(1), Notation.bracketed(line.argument(2)), line.length(3));
    }

    @Override
    public String name() {
        return "sendfile";
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return !fds.nonBlocking(fd);
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int out = context.fds().live(fd);
        int file = context.fds().live(in);
        return Returned.of(Calls.call("sendfile", () -> Libc.C.sendfile(out, file, new long[] {offset}, count)));
    }

    @Override public String toString() { return "sendfile(" + fd + ", " + in + ", [" + offset + "], " + count + ")"; }
}

package io.finack.syscall;

import com.sun.jna.LastErrorException;
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
        try {
            return Returned.of(Libc.C.sendfile(context.fds().live(fd), context.fds().live(in), new long[] {offset}, count));
        } catch (LastErrorException e) {
            throw SyscallException.of("sendfile", e);
        }
    }

    @Override public String toString() { return "sendfile(" + fd + ", " + in + ", [" + offset + "], " + count + ")"; }
}

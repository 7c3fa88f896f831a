package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

/**
 * {@code splice(4, NULL, 6, NULL, 99, 0)}: between a socket and a pipe; finack takes the offsets
 * as NULL only (packetdrill passes a number there as the pointer itself).
 */
public record Splice(int fd, int out, int length, int flags) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(6);
        if (line.integer(1) != 0 || line.integer(3) != 0) {
            throw new NotationException("splice's offsets are NULL for finack (a socket or a pipe has none)");
        }
        return new Splice(line.fd(0), line.fd(2), line.length(4), line.s32(5));
    }

    @Override
    public String name() {
        return "splice";
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return Calls.waits(fds, fd, flags, (int) Symbols.value("SPLICE_F_NONBLOCK").getAsLong());
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int in = context.fds().live(fd);
        int to = context.fds().live(out);
        return Returned.of(Calls.call("splice", () -> Libc.C.splice(in, null, to, null, length, flags)));
    }

    @Override public String toString() { return "splice(" + fd + ", NULL, " + out + ", NULL, " + length + ", " + flags + ")"; }
}

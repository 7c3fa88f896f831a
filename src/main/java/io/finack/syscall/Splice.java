package io.finack.syscall;

import com.sun.jna.LastErrorException;
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
        return !fds.nonBlocking(fd) && (flags & (int) Symbols.value("SPLICE_F_NONBLOCK").getAsLong()) == 0;
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        try {
            return Returned.of(Libc.C.splice(context.fds().live(fd), null, context.fds().live(out), null, length, flags));
        } catch (LastErrorException e) {
            throw SyscallException.of("splice", e);
        }
    }

    @Override public String toString() { return "splice(" + fd + ", NULL, " + out + ", NULL, " + length + ", " + flags + ")"; }
}

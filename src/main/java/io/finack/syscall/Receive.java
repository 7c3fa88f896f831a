package io.finack.syscall;

import com.sun.jna.ptr.IntByReference;
import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

/**
 * {@code read(4, ..., 1000)}, {@code recv(4, ..., 1000, 0)} and {@code recvfrom(4, ..., 1000, 0,
 * ..., ...)}: up to {@code length} bytes (or into a NULL buffer); the result is how many came,
 * 0 at the end of the stream.
 */
public record Receive(String name, int fd, boolean nullBuffer, int length, int flags) implements SocketCall {
    static SocketCall read(Line line) throws NotationException {
        line.count(3);
        return new Receive("read", line.fd(0), line.nullBuffer(1), line.length(2), 0);
    }

    static SocketCall recv(Line line) throws NotationException {
        line.count(4);
        return new Receive("recv", line.fd(0), line.nullBuffer(1), line.length(2), line.s32(3));
    }

    static SocketCall recvfrom(Line line) throws NotationException {
        line.count(6);
        line.ellipsis(4);
        line.ellipsis(5);
        return new Receive("recvfrom", line.fd(0), line.nullBuffer(1), line.length(2), line.s32(3));
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return Calls.waits(fds, fd, flags, Calls.MSG_DONTWAIT);
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int live = context.fds().live(fd);
        byte[] buffer = nullBuffer ? null : new byte[Math.max(1, length)];
        return Returned.of(Calls.call(name, () -> switch (name) {
            case "read" -> Libc.C.read(live, buffer, length);
            case "recv" -> Libc.C.recv(live, buffer, length, flags);
            default -> Libc.C.recvfrom(live, buffer, length, flags, new byte[128], new IntByReference(128));
        }));
    }

    @Override public String toString() {
        String buffer = nullBuffer ? "NULL" : "...";
        return switch (name) {
            case "read" -> "read(" + fd + ", " + buffer + ", " + length + ")";
            case "recv" -> "recv(" + fd + ", " + buffer + ", " + length + ", " + Calls.msg(flags) + ")";
            default -> "recvfrom(" + fd + ", " + buffer + ", " + length + ", " + Calls.msg(flags) + ", ..., ...)";
        };
    }
}

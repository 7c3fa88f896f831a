package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * {@code ioctl(4, SIOCINQ, [1000])}: a request with an int it fills in, which must be the
 * script's (SIOCINQ: bytes to read; SIOCOUTQ: bytes not yet acknowledged), or a request
 * without an argument.
 */
public record Ioctl(int fd, int request, String requestName, OptionalInt expected) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        if (line.arguments().size() != 2 && line.arguments().size() != 3) {
            throw new NotationException("ioctl expected 2-3 args but got " + line.arguments().size());
        }
        OptionalInt expected = line.arguments().size() == 3
                ? OptionalInt.of((int) Notation.bracketed(line.argument(2))) : OptionalInt.empty();
        return new Ioctl(line.fd(0), line.s32(1), line.argument(1).toString(), expected);
    }

    @Override
    public String name() {
        return "ioctl";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int live = context.fds().live(fd);
        byte[] value = expected.isPresent() ? new byte[4] : null;
        long result = Calls.call("ioctl", () -> Libc.C.ioctl(live, request, value));
        if (expected.isEmpty()) {
            return Returned.of(result);
        }
        int actual = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
        return Returned.checked(result, actual == expected.getAsInt() ? null
                : "Bad ioctl optval: expected: " + expected.getAsInt() + " actual: " + actual);
    }

    @Override public String toString() {
        return "ioctl(" + fd + ", " + requestName + expected.stream().mapToObj(v -> ", [" + v + "]").findFirst().orElse("") + ")";
    }
}

package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

/** {@code pipe([5, 6]) = 0}: a pipe whose read end the script names {@code fd}, its write end {@code writeFd}. */
public record Pipe(int fd, int writeFd) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(1);
        if (!(line.argument(0) instanceof Argument.Array array)) {
            throw Notation.badType(line.argument(0), "list");
        }
        if (array.elements().size() != 2) {
            throw new NotationException(array.elements().size() + " pipe file descriptors instead of 2");
        }
        return new Pipe(Notation.s32(array.elements().get(0)), Notation.s32(array.elements().get(1)));
    }

    @Override
    public String name() {
        return "pipe";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int[] live = new int[2];
        long result = Calls.call("pipe", () -> Libc.C.pipe(live));
        context.fds().addFile(fd, live[0]);
        context.fds().addFile(writeFd, live[1]);
        return Returned.of(result);
    }

    @Override public String toString() { return "pipe([" + fd + ", " + writeFd + "])"; }
}

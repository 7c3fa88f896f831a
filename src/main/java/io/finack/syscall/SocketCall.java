package io.finack.syscall;

import io.finack.kernel.Errno;
import io.finack.kernel.SyscallException;
import io.finack.tcp.Endpoint;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A system call on the kernel, as a plan makes it. Each implementation is one call of
 * packetdrill's notation and holds all of it: how its arguments are read ({@code parse}, listed
 * in {@link Syscalls}), the libc call, and the check of what it returned besides its result
 * (a struct's fields, an option's value). Descriptors are the script's numbers; {@link FdTable}
 * maps them to the live ones.
 */
public sealed interface SocketCall permits Accept, Bind, Close, Connect, EpollCreate, EpollCtl, EpollWait, Fcntl,
        GetSockOpt, Ioctl, Listen, Open, Pipe, Poll, Receive, RecvMsg, Send, SendFile, SendMsg, SetSockOpt, Shutdown,
        Socket, Splice {
    /** The descriptor the call acts on (for calls on several, the first). */
    int fd();

    /** packetdrill's name of the call, as in its error messages ("runtime error in NAME call"). */
    String name();

    /**
     * Makes the call. A failing call throws the kernel's errno as {@link SyscallException},
     * which is its result; what it returned besides its result and does not match the script
     * is in {@link Returned#mismatch}, to be reported once the result has matched (as
     * packetdrill checks the result first). {@link CallFailure} is a call that cannot be made
     * as written (a descriptor the script never opened).
     */
    Returned run(CallContext context) throws SyscallException, CallFailure;

    /**
     * Whether the call may sleep in the kernel until later lines of the script act (a
     * blocking connect, accept, read or write, a poll with a timeout), so that it runs on a
     * thread of its own, as packetdrill runs it.
     */
    default boolean mayBlock(FdTable fds) {
        return false;
    }

    /**
     * The same call with every endpoint it names passed through {@code move}, for a plan moved
     * to other ports. A call that names an endpoint must override this.
     */
    default SocketCall withEndpoints(UnaryOperator<Endpoint> move) {
        return this;
    }

    /** What a call returns as a script states it: a value, or -1 with an errno. */
    record Result(long value, Optional<Errno> errno) {
        public static Result of(long value) {
            return new Result(value, Optional.empty());
        }

        public static Result failed(Errno errno) {
            return new Result(-1, Optional.of(errno));
        }

        @Override
        public String toString() {
            return value + errno.map(e -> " " + e.name()).orElse("");
        }
    }

    /** What a call returned: its result, and packetdrill's message for an output the script did not expect. */
    record Returned(long value, Optional<String> mismatch) {
        public static Returned of(long value) {
            return new Returned(value, Optional.empty());
        }

        /** {@code value}, with {@code mismatch} when it is not null. */
        public static Returned checked(long value, String mismatch) {
            return new Returned(value, Optional.ofNullable(mismatch));
        }
    }
}

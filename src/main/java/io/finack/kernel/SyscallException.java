package io.finack.kernel;

import com.sun.jna.LastErrorException;

import java.time.Duration;

/**
 * A system call on a kernel socket failed, or did not complete within the caller's deadline.
 * The message is one line, e.g. {@code connect: Connection refused (errno 111)}.
 */
public final class SyscallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    private SyscallException(String call, int errno, String message, Throwable cause) {
        super(message, cause);
        this.call = call;
        this.errno = errno;
    }

    /** A failed libc call, as JNA reported it. */
    public static SyscallException of(String call, LastErrorException e) {
        return new SyscallException(call, e.getErrorCode(), Libc.describe(call, e), e);
    }

    /** An errno the kernel reported without failing a call, e.g. SO_ERROR or a netlink error message. */
    public static SyscallException of(String call, int errno) {
        // Libc.describe owns the one-line format; the exception only carries the number there.
        return new SyscallException(call, errno, Libc.describe(call, new LastErrorException(errno)), null);
    }

    /**
     * finack's own deadline ran out before the kernel had an answer. It carries ETIMEDOUT so
     * scripts can match it, and its message says it was a deadline, not the kernel's error.
     */
    public static SyscallException timedOut(String call, Duration waited) {
        return new SyscallException(call, Errno.ETIMEDOUT.number(),
                call + ": no result within " + waited.toMillis() + " ms (ETIMEDOUT)", null);
    }

    /** The name of the call that failed, e.g. "connect". */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** "ECONNREFUSED", or "errno N" for a number outside {@link Errno}. */
    public String errnoName() {
        return Errno.ofNumber(errno).map(Enum::name).orElse("errno " + errno);
    }
}

package io.finack.syscall;

import com.sun.jna.LastErrorException;
import io.finack.kernel.SyscallException;

/** What the calls share: their flags, whether they may wait, and how a libc failure becomes the call's errno. */
final class Calls {
    static final int MSG_DONTWAIT = (int) Symbols.value("MSG_DONTWAIT").getAsLong();
    static final int MSG_ERRQUEUE = (int) Symbols.value("MSG_ERRQUEUE").getAsLong();
    static final int MSG_FASTOPEN = (int) Symbols.value("MSG_FASTOPEN").getAsLong();

    /** One libc call, which throws errno as JNA reports it. */
    @FunctionalInterface
    interface Libcall {
        long run() throws LastErrorException;
    }

    private Calls() {
    }

    /** MSG_* flags by name, or 0. */
    static String msg(int flags) {
        return flags == 0 ? "0" : Symbols.bits("MSG_", Integer.toUnsignedLong(flags));
    }

    /** Whether a call with {@code flags} on {@code fd} waits: a blocking descriptor, and none of {@code nonBlocking}. */
    static boolean waits(FdTable fds, int fd, int flags, int nonBlocking) {
        return !fds.nonBlocking(fd) && (flags & nonBlocking) == 0;
    }

    /** Makes {@code call}; its failure is the errno of the call {@code name}. */
    static long call(String name, Libcall call) throws SyscallException {
        try {
            return call.run();
        } catch (LastErrorException e) {
            throw SyscallException.of(name, e);
        }
    }
}

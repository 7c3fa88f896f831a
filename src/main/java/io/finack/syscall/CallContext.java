package io.finack.syscall;

import io.finack.kernel.KernelSocket;
import io.finack.kernel.SyscallException;
import io.finack.tcp.Endpoint;

import java.util.function.LongConsumer;

/**
 * What a call needs of the run it is part of: the descriptors, the address family, the
 * kernel's endpoint (where a socket that connects without a bind is bound, so that the
 * harness knows where to send), and the script's clock, to judge a timestamp the kernel
 * returns.
 *
 * @param time the script's clock, to judge a timestamp by
 * @param toleranceMicros how far a returned timestamp may be from the script's
 * @param socketOpened told when socket() opens a socket: the harness follows the newest, as packetdrill does
 * @param connecting told the wall-clock nanoseconds when a call starts a connection
 */
public record CallContext(FdTable fds, Endpoint.Family family, Endpoint kernel, ScriptTime time,
                          long toleranceMicros, Runnable socketOpened, LongConsumer connecting) {
    /** The script's clock, as the kernel's own timestamps are judged by it. */
    @FunctionalInterface
    public interface ScriptTime {
        /**
         * Where the script's time {@code scriptMicros} falls on the wall clock (CLOCK_REALTIME,
         * microseconds) for something the kernel did at {@code observedMicros}.
         */
        long liveMicros(long scriptMicros, long observedMicros);
    }

    /**
     * Before a call that connects (connect, sendto with MSG_FASTOPEN): binds {@code fd} to the
     * kernel's endpoint unless the script bound it, and notes the time.
     */
    public void startConnecting(int fd, KernelSocket socket) throws SyscallException {
        if (!fds.bound(fd)) {
            socket.bind(kernel);
            fds.markBound(fd);
        }
        connecting.accept(wallNanos());
    }

    /** Wall-clock nanoseconds: the capture's clock and SO_TIMESTAMPING's. */
    public static long wallNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}

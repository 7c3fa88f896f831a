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
 * @param kernelBound told the endpoint a socket that connects without a bind was bound to
 */
public record CallContext(FdTable fds, Endpoint.Family family, Endpoint kernel, ScriptTime time,
                          long toleranceMicros, Runnable socketOpened, LongConsumer connecting,
                          java.util.function.Consumer<Endpoint> kernelBound) {
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
     * kernel's endpoint unless the script bound it, and notes the time. While an earlier
     * connection still holds that port (TIME_WAIT, FIN_WAIT), the kernel picks one, as it does
     * for every connect under packetdrill, whose harness follows the port of the newest socket.
     */
    public void startConnecting(int fd, KernelSocket socket) throws SyscallException {
        if (!fds.bound(fd)) {
            try {
                socket.bind(kernel);
            } catch (SyscallException e) {
                if (e.errno() != io.finack.kernel.Errno.EADDRINUSE.number()) {
                    throw e;
                }
                socket.bind(new Endpoint(kernel.address(), 0));
            }
            fds.markBound(fd);
            kernelBound.accept(new Endpoint(kernel.address(), socket.localEndpoint().port()));
        }
        connecting.accept(wallNanos());
    }

    /** Wall-clock nanoseconds: the capture's clock and SO_TIMESTAMPING's. */
    public static long wallNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}

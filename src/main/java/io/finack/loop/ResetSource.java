package io.finack.loop;

import io.finack.kernel.KernelAccount;
import io.finack.tcp.Endpoint;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Where the loop learns why the kernel sent an RST: the latest one {@code from} sent in threads
 * {@code threads} at or before {@code atNanos} (CLOCK_REALTIME), within {@code withinNanos}
 * before it (the command gives the tracefs drop trace's).
 */
@FunctionalInterface
public interface ResetSource {
    Optional<KernelAccount.Reset> before(Endpoint from, Set<Integer> threads, long atNanos, long withinNanos)
            throws IOException;
}

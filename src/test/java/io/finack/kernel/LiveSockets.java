package io.finack.kernel;

import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;

/** Helpers shared by the tests that drive the live kernel. */
final class LiveSockets {
    static final Duration WAIT = Duration.ofSeconds(5);

    private LiveSockets() {
    }

    /** The inode behind a descriptor, from its /proc link "socket:[N]": what sock_diag must report. */
    static long inode(KernelSocket socket) throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + socket.fd())).toString();
        if (!link.startsWith("socket:[")) {
            fail("fd " + socket.fd() + " is " + link);
        }
        return Long.parseLong(link.substring(8, link.length() - 1));
    }

    /** The address and port 0 that sock_diag reports as a listener's remote end. */
    static Endpoint wildcard(Endpoint.Family family) {
        return Endpoint.of(family == Endpoint.Family.IPV4 ? "0.0.0.0" : "::", 0);
    }

    /** Polls sock_diag until the socket is in {@code state}; fails with what it saw last after the deadline. */
    static SocketInfo awaitState(SockDiag diag, Endpoint local, Endpoint remote, TcpState state) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<SocketInfo> seen;
        do {
            seen = diag.find(local, remote);
            if (seen.isPresent() && seen.get().state() == state) {
                return seen.get();
            }
            Thread.sleep(2);
        } while (System.nanoTime() - deadline < 0);
        return fail(local + " -> " + remote + " not in " + state + " within " + WAIT.toMillis() + " ms; last seen: "
                + seen.map(SocketInfo::toString).orElse("no such socket"));
    }
}

package io.finack.cli;

import io.finack.sandbox.CleanupRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * packetdrill's defaults.sh sets net.ipv4.tcp_congestion_control=cubic, which a namespace other
 * than the host's may set only when the HOST lists cubic in
 * net.ipv4.tcp_allowed_congestion_control (PLATFORM.md); otherwise sysctl says "Operation not
 * permitted" and the script runs with the host's default (bbr here). finack never changes a
 * host setting unasked: {@code --allow-cubic} adds cubic to the host's list for the run and
 * puts the old list back when finack ends, at exit, SIGINT and SIGTERM included.
 */
final class HostCubic implements AutoCloseable {
    /** Read on the JVM's main thread, which stays in the host's namespace. */
    private static final Path ALLOWED = Path.of("/proc/sys/net/ipv4/tcp_allowed_congestion_control");

    private final String before;
    private final CleanupRegistry.Registration atExit;
    private boolean restored;

    private HostCubic(String before, CleanupRegistry.Registration atExit) {
        this.before = before;
        this.atExit = atExit;
    }

    /** True when namespaces may set cubic (or the list cannot be read: then nothing is known to be wrong). */
    static boolean allowed() {
        try {
            return listsCubic(Files.readString(ALLOWED));
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean listsCubic(String allowed) {
        return (" " + allowed.strip() + " ").contains(" cubic ");
    }

    /** The note printed when a suite that sets cubic runs on a host that does not allow it. */
    static String note() {
        return "note: this host does not allow cubic in namespaces (net.ipv4.tcp_allowed_congestion_control), so a "
                + "script's tcp_congestion_control=cubic (defaults.sh) fails and it runs with the host's default; "
                + "--allow-cubic adds cubic to the host's list for this run";
    }

    /** Adds cubic to the host's list until {@link #close()} or finack's end, whichever comes first. */
    static HostCubic allow() throws CliException {
        String before;
        try {
            before = Files.readString(ALLOWED).strip();
        } catch (IOException e) {
            throw new CliException(ExitStatus.ENVIRONMENT, "--allow-cubic: cannot read " + ALLOWED + ": " + e.getMessage());
        }
        if (listsCubic(before)) {
            return new HostCubic(before, () -> { });
        }
        try {
            Files.writeString(ALLOWED, before + " cubic");
        } catch (IOException e) {
            throw new CliException(ExitStatus.ENVIRONMENT, "--allow-cubic: cannot write " + ALLOWED + " (" + e.getMessage()
                    + "): is cubic available (tcp_available_congestion_control) and /proc/sys writable?");
        }
        return new HostCubic(before, CleanupRegistry.global().register("the host's tcp_allowed_congestion_control",
                () -> Files.writeString(ALLOWED, before)));
    }

    @Override
    public synchronized void close() throws IOException {
        if (!restored) {
            restored = true;
            atExit.close();
            if (!listsCubic(before)) {
                Files.writeString(ALLOWED, before);
            }
        }
    }
}

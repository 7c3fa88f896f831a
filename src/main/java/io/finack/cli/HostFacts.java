package io.finack.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine's name, kernel release and load averages, as the kernel reports them. In a container the
 * hostname is the container's own (a Kubernetes pod's name), so {@value #HOSTNAME_ENV}, when
 * set and not blank, names the machine instead (deploy/ sets it to the node's name).
 */
final class HostFacts {
    private HostFacts() {
    }

    /** The running kernel's release, e.g. 6.18.44; empty when /proc does not tell it. */
    static Optional<String> kernelRelease() {
        return read("/proc/sys/kernel/osrelease");
    }

    static final String HOSTNAME_ENV = "FINACK_HOSTNAME";

    static String hostname() {
        String given = System.getenv(HOSTNAME_ENV);
        return given != null && !given.isBlank() ? given.trim() : read("/proc/sys/kernel/hostname").orElse("unknown");
    }

    /** /proc/loadavg's three load averages, as uptime prints them; "unknown" when /proc does not tell them. */
    static String loadAverage() {
        return read("/proc/loadavg").map(text -> text.split("\\s+")).filter(fields -> fields.length >= 3)
                .map(fields -> fields[0] + " " + fields[1] + " " + fields[2]).orElse("unknown");
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)).trim()).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

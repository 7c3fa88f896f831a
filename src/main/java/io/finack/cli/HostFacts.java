package io.finack.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's name and kernel release, as the kernel reports them. In a container the
 * hostname is the container's own (a Kubernetes pod's name), so {@value #HOSTNAME_ENV}, when
 * set and not blank, names the machine instead (deploy/ sets it to the node's name).
 */
final class HostFacts {
    private HostFacts() {
    }

    static String kernelRelease() {
        return read("/proc/sys/kernel/osrelease");
    }

    static final String HOSTNAME_ENV = "FINACK_HOSTNAME";

    static String hostname() {
        String given = System.getenv(HOSTNAME_ENV);
        return given != null && !given.isBlank() ? given.trim() : read("/proc/sys/kernel/hostname");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}

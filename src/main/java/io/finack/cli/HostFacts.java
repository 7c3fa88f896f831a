package io.finack.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's name and kernel release, as the kernel reports them. */
final class HostFacts {
    private HostFacts() {
    }

    static String kernelRelease() {
        return read("/proc/sys/kernel/osrelease");
    }

    static String hostname() {
        return read("/proc/sys/kernel/hostname");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}

package io.finack.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Spares JNA its {@code /sbin/ldconfig -p}: unless told where the system's libraries are
 * ({@code jna.platform.library.path}), JNA runs that process the first time it loads a
 * library, 20-40 ms of every run's start-up (docs/benchmarks.md). When libpcap is in one of
 * the usual library folders of this machine's architecture, those folders are the path; JNA
 * then finds the same libpcap there that it would have found through ldconfig. Otherwise the
 * property is left unset and JNA asks ldconfig, as before.
 */
final class NativeLibraryPath {
    static final String PROPERTY = "jna.platform.library.path";
    /** libpcap's names as distributions install it: Debian's soname, the others', the development link. */
    private static final List<String> LIBPCAP = List.of("libpcap.so.0.8", "libpcap.so.1", "libpcap.so");

    private NativeLibraryPath() {
    }

    /** Sets the property for this JVM, before JNA's first use, when it is unset and libpcap is found. */
    static void install() {
        if (System.getProperty(PROPERTY) == null) {
            String path = path(System.getProperty("os.arch"), dir -> Files.isDirectory(Path.of(dir)),
                    file -> Files.exists(Path.of(file)));
            if (path != null) {
                System.setProperty(PROPERTY, path);
            }
        }
    }

    /** The existing library folders for {@code arch}, colon-separated, or null when none holds libpcap. */
    static String path(String arch, java.util.function.Predicate<String> isDirectory,
                       java.util.function.Predicate<String> exists) {
        List<String> dirs = new ArrayList<>();
        String triple = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> null;
        };
        if (triple != null) {
            dirs.add("/usr/lib/" + triple);
            dirs.add("/lib/" + triple);
        }
        dirs.addAll(List.of("/usr/lib64", "/lib64", "/usr/lib", "/lib"));
        dirs.removeIf(isDirectory.negate());
        boolean libpcap = dirs.stream().anyMatch(dir -> LIBPCAP.stream().anyMatch(name -> exists.test(dir + "/" + name)));
        return libpcap ? String.join(":", dirs) : null;
    }
}

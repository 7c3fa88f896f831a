package io.finack.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sysctl settings of one network namespace, each restored to its value from before the first
 * {@link #set} when this is closed, newest first.
 *
 * <p>/proc/sys/net shows the network namespace of the thread that opens the file, so every
 * read and write runs on a thread inside the namespace. In the caller's own namespace the
 * old values are also restored at JVM exit, SIGINT and SIGTERM included.
 */
public final class Sysctls implements AutoCloseable {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final NetNamespace namespace;
    private final Set<String> saved = new HashSet<>(); // guarded by change
    private final CleanupRegistry restorers = new CleanupRegistry();
    private final NamespaceChange change;

    /** Settings made in {@code namespace}, which must outlive this. */
    public Sysctls(NetNamespace namespace) {
        this.namespace = namespace;
        this.change = new NamespaceChange(namespace, "sysctls of namespace " + namespace.name(), restorers::runAll);
    }

    /** The current value, e.g. "1" for {@code net.ipv4.conf.lo.route_localnet}. */
    public String get(String key) throws SandboxException {
        Path path = path(key);
        return namespace.call(() -> read(key, path));
    }

    /** Sets {@code key} (dotted, e.g. {@code net.ipv4.conf.lo.accept_local}) to {@code value}. */
    public void set(String key, String value) throws SandboxException {
        Path path = path(key);
        namespace.call(() -> change.apply(() -> {
            if (!saved.contains(key)) {
                String old = read(key, path);
                restorers.register("sysctl " + key, () -> write(key, path, old));
                saved.add(key);
            }
            write(key, path, value);
            return null;
        }));
    }

    /** Restores every key set to its first value, newest first. */
    @Override
    public void close() throws SandboxException {
        change.close();
    }

    static Path path(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a sysctl key: \"" + key + "\"");
        }
        return Path.of("/proc/sys", key.split("\\."));
    }

    private static String read(String key, Path path) throws SandboxException {
        try {
            String value = Files.readString(path, StandardCharsets.US_ASCII);
            return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException e) {
            throw new SandboxException("cannot read sysctl " + key + ": " + reason(e), e);
        }
    }

    private static void write(String key, Path path, String value) throws SandboxException {
        // WRITE alone: /proc/sys files are neither created nor truncated
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
            out.write(value.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new SandboxException("cannot set sysctl " + key + " to " + value + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such key";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}

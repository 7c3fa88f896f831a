package io.finack.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings finack turns on for injection on lo (lo's) and the ones it must leave alone
 * (all's), read by sysctl name: the before and after of every cleanup test.
 */
public final class LoopbackSettings {
    public static final List<String> KEYS = List.of(
            "net.ipv4.conf.all.route_localnet",
            "net.ipv4.conf.lo.route_localnet",
            "net.ipv4.conf.all.accept_local",
            "net.ipv4.conf.lo.accept_local");

    private LoopbackSettings() {
    }

    /** The values in a named namespace ({@code ip netns}). */
    public static Map<String, String> in(String namespace) throws IOException, InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            values.put(key, Commands.run("ip", "netns", "exec", namespace, "sysctl", "-n", key).strip());
        }
        return values;
    }

    /** The values in the caller's own namespace. */
    public static Map<String, String> here() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            values.put(key, Files.readString(Path.of("/proc/sys", key.replace('.', '/'))).strip());
        }
        return values;
    }
}

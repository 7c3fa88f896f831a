package io.finack.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Skips {@link Privileged} tests, with the reason, where the machine cannot run them. */
public final class PrivilegedCondition implements ExecutionCondition {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("root, libpcap and nft present");
        }
        String reason = "privileged test skipped: " + String.join("; ", missing);
        if ("1".equals(System.getenv("FINACK_REQUIRE_PRIVILEGED"))) {
            throw new IllegalStateException(reason + " (FINACK_REQUIRE_PRIVILEGED=1 forbids skipping)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        long caps = effectiveCapabilities();
        for (int[] cap : new int[][] {{CAP_SYS_ADMIN}, {CAP_NET_ADMIN}, {CAP_NET_RAW}}) {
            if ((caps & (1L << cap[0])) == 0) {
                missing.add("capability " + switch (cap[0]) {
                    case CAP_SYS_ADMIN -> "CAP_SYS_ADMIN";
                    case CAP_NET_ADMIN -> "CAP_NET_ADMIN";
                    default -> "CAP_NET_RAW";
                } + " missing (run as root)");
            }
        }
        if (!onPath("nft")) {
            missing.add("nft not found (apt-get install nftables)");
        }
        if (!libpcapPresent()) {
            missing.add("libpcap not found (apt-get install libpcap0.8)");
        }
        return missing;
    }

    private static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command));
    }

    private static boolean libpcapPresent() {
        try {
            com.sun.jna.NativeLibrary.getInstance("pcap");
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}

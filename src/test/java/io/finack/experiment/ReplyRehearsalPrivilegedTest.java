package io.finack.experiment;

import io.finack.sandbox.SandboxSpec;
import io.finack.script.BuiltinScripts;
import io.finack.tcp.Endpoint;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rehearsal of the reply path that every job's sandbox runs before its first plan: its
 * frames go through the capture and the injection, and never reach the namespace's IP or TCP.
 */
@Privileged
class ReplyRehearsalPrivilegedTest {
    @Test
    void theNamespacesIpAndTcpNeverSeeTheRehearsedFrames() throws Exception {
        // JobSandbox.open rehearses, and fails if a rehearsed frame does not come back through the capture.
        Plan plan = BuiltinScripts.ALL.get(0).plan(Endpoint.Family.IPV4);
        AtomicReference<List<String>> snmp = new AtomicReference<>();
        AtomicReference<List<String>> snmp6 = new AtomicReference<>();
        try (JobSandbox job = JobSandbox.open(SandboxSpec.Mode.FRESH, plan, 1, "rehearsal-test", true)) {
            job.runLanes(1, "rehearsal-test", () -> {
                // /proc/net is the main thread's namespace; /proc/thread-self/net this thread's, the sandbox's.
                snmp.set(Files.readAllLines(Path.of("/proc/thread-self/net/snmp")));
                snmp6.set(Files.readAllLines(Path.of("/proc/thread-self/net/snmp6")));
            }, () -> { });
        }
        assertEquals(0, counter(snmp.get(), "Ip:", "InReceives"), "IPv4 packets received");
        assertEquals(0, counter(snmp.get(), "Tcp:", "InSegs"), "TCP segments received");
        long ipv6 = snmp6.get().stream().filter(l -> l.startsWith("Ip6InReceives"))
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[1])).findFirst().orElseThrow();
        assertEquals(0, ipv6, "IPv6 packets received");
    }

    /** A field of /proc/net/snmp: a line of names, then a line of values, both starting with {@code prefix}. */
    private static long counter(List<String> lines, String prefix, String name) {
        List<String> rows = lines.stream().filter(l -> l.startsWith(prefix)).toList();
        List<String> names = List.of(rows.get(0).split("\\s+"));
        return Long.parseLong(rows.get(1).split("\\s+")[names.indexOf(name)]);
    }
}

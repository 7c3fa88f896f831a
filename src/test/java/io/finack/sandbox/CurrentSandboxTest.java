package io.finack.sandbox;

import io.finack.testing.Commands;
import io.finack.testing.LoopbackSettings;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sandbox in the caller's own namespace leaves nothing behind, however its JVM ends. The
 * "caller's namespace" is a named namespace made for the test, never the host's: a child JVM
 * runs {@link CurrentSandboxChild} inside it with {@code ip netns exec}.
 */
@Privileged
class CurrentSandboxTest {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final int SIGINT_STATUS = 128 + 2;
    private static final int SIGTERM_STATUS = 128 + 15;

    private interface Ending {
        void end(Process child) throws Exception;
    }

    @Test
    void aNormalExitRestoresTheNamespace() throws Exception {
        runChildAndCheck(child -> child.getOutputStream().close(), 0, false);
    }

    @Test
    void sigtermRestoresTheNamespace() throws Exception {
        runChildAndCheck(Process::destroy, SIGTERM_STATUS, false);
    }

    @Test
    void sigintRestoresTheNamespace() throws Exception {
        runChildAndCheck(child -> Commands.run("kill", "-INT", Long.toString(child.pid())), SIGINT_STATUS, false);
    }

    /** The undo at exit must not wait for the namespace's thread. */
    @Test
    void sigtermRestoresTheNamespaceWhileItsThreadIsStuck() throws Exception {
        runChildAndCheck(Process::destroy, SIGTERM_STATUS, true);
    }

    private static void runChildAndCheck(Ending ending, int expectedStatus, boolean stuck) throws Exception {
        String namespace = "finack-test-" + ProcessHandle.current().pid() + "-" + NAMESPACES.incrementAndGet();
        Commands.run("ip", "netns", "add", namespace);
        Process child = null;
        try {
            Map<String, String> before = LoopbackSettings.in(namespace);
            // ip netns exec and env exec in place, so the child's pid is the JVM's. A shell without job
            // control starts background jobs with SIGINT ignored, and a JVM keeps it ignored: reset it.
            child = new ProcessBuilder("ip", "netns", "exec", namespace, "env", "--default-signal=INT",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    CurrentSandboxChild.class.getName(), "40000", stuck ? "stuck" : "free")
                    .redirectErrorStream(true)
                    .start();
            Output output = new Output(child);
            String table = output.awaitLineStartingWith("ready ").substring("ready ".length());
            assertTrue(tables(namespace).contains("table inet " + table + "\n"), output.toString());
            Map<String, String> during = new LinkedHashMap<>(before);
            during.put("net.ipv4.conf.lo.route_localnet", "1");
            during.put("net.ipv4.conf.lo.accept_local", "1");
            assertEquals(during, LoopbackSettings.in(namespace), "lo's settings are set, all's left alone; " + output);

            ending.end(child);
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                fail("the child did not exit: " + output);
            }
            assertEquals(expectedStatus, child.exitValue(), output.toString());
            assertEquals(before, LoopbackSettings.in(namespace), output.toString());
            assertFalse(tables(namespace).contains("finack_"), output.toString());
        } finally {
            if (child != null) {
                child.destroyForcibly().waitFor();
            }
            Commands.run("ip", "netns", "del", namespace);
        }
    }

    private static String tables(String namespace) throws IOException, InterruptedException {
        return Commands.run("ip", "netns", "exec", namespace, "nft", "list", "tables");
    }

    /** The child's output lines, read as they come, so that a test waits for a line and no longer. */
    private static final class Output {
        private static final String END = "\u0000end";
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Output(Process child) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(reading failed: " + e + ")");
                } finally {
                    lines.add(END);
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        String awaitLineStartingWith(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(line, "no \"" + prefix + "\" line within 30 s: " + this);
                if (line.equals(END)) {
                    fail("the child ended without a \"" + prefix + "\" line: " + this);
                }
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        @Override
        public String toString() {
            List<String> all = new ArrayList<>(seen);
            lines.stream().filter(line -> !line.equals(END)).forEach(all::add);
            return "child output: " + String.join(" | ", all);
        }
    }
}

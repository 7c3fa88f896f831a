package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.testing.Commands;
import io.finack.testing.JsonSchemas;
import io.finack.testing.LoopbackSettings;
import io.finack.testing.Poll;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Nothing is left behind when finack is killed in the middle of an experiment: not on the host
 * when it runs in fresh namespaces, and not in the namespace it was given with
 * {@code --netns current}. The child is killed while the kernel's socket is provably in
 * SYN_SENT, waiting for the SYN retransmission of syn-retry-after-retransmit (about 2 s of
 * its run), as ss shows it from inside the child's namespace.
 */
@Privileged
class InterruptedRunTest {
    private static final String EXPERIMENT = "syn-retry-after-retransmit";
    /** A child JVM's start and the experiment's set-up, on a loaded machine; about 1 s here. */
    private static final Duration START = Duration.ofSeconds(30);
    private static final long EXIT_SECONDS = 30;
    private static final int SIGINT_STATUS = 128 + 2;
    private static final int SIGTERM_STATUS = 128 + 15;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @TempDir
    Path dir;

    private interface Ending {
        void end(Process child) throws Exception;
    }

    private static final Ending SIGTERM = Process::destroy;
    private static final Ending SIGINT = child -> Commands.run("kill", "-INT", Long.toString(child.pid()));

    @Test
    void sigtermInAFreshNamespaceLeavesTheHostAsItWas() throws Exception {
        killFreshRun(SIGTERM, SIGTERM_STATUS, EXPERIMENT);
    }

    @Test
    void sigintInAFreshNamespaceLeavesTheHostAsItWas() throws Exception {
        killFreshRun(SIGINT, SIGINT_STATUS, EXPERIMENT);
    }

    /** Two jobs, each a namespace with repetitions in flight: none of them may outlive the JVM either. */
    @Test
    void sigtermDuringParallelJobsLeavesTheHostAsItWas() throws Exception {
        killFreshRun(SIGTERM, SIGTERM_STATUS, EXPERIMENT, "--repeat", "8", "--jobs", "2", "--in-flight", "2");
    }

    /**
     * A script's shell line may leave a process in the background, in a session of its own
     * that no signal to finack reaches: it must not outlive finack ended in the middle.
     */
    @Test
    void sigtermDuringAScriptEndsWhatItsShellLinesLeftRunning() throws Exception {
        String marker = "3617";
        Path script = dir.resolve("background.pkt");
        Files.writeString(script, String.join("\n",
                "0 `sleep " + marker + " &`",
                "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0",
                "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)",
                "+0 > S 0:0(0) <...>",
                "+0 `sleep 25`", ""));
        killFreshRun(SIGTERM, SIGTERM_STATUS, script.toString());
        assertFalse(sleepRunning(marker), "the script's background `sleep " + marker + "` outlived finack");
    }

    /**
     * A shell line's output file (in java.io.tmpdir, here a folder of the test's own) and
     * set_sysctls.py's restore file named by finack's pid are gone when finack is ended in the
     * middle of the line: by SIGTERM or SIGINT (the cleanup at exit), and the output file even by
     * SIGKILL (its name is removed once the shell has it open).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TERM", "INT", "KILL"})
    void aSignalInTheMiddleOfAShellLineLeavesNoFile(String signal) throws Exception {
        Path temp = Files.createDirectory(dir.resolve("tmp"));
        Path started = dir.resolve("started");
        Path script = dir.resolve("shell.pkt");
        Files.writeString(script, "0 `echo restore > /tmp/sysctl_restore_${PACKETDRILL_PID}.sh; echo output; touch "
                + started + "; sleep 25`\n");
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(Commands.java(List.of("-Djava.io.tmpdir=" + temp), Main.class.getName(), "run", "--no-pcap",
                script.toString()));
        Process child = startChild(command);
        Path restore = Path.of("/tmp", "sysctl_restore_" + child.pid() + ".sh");
        try {
            Poll.until("the shell line to run", START, () -> Optional.of(started).filter(Files::exists), () -> ended(child));
            assertTrue(Files.exists(restore), restore + " was not written");
            Commands.run("kill", "-" + signal, Long.toString(child.pid()));
            String output = awaitExit(child);
            try (Stream<Path> left = Files.list(temp)) {
                assertEquals(List.of(), left.toList(), "files left in java.io.tmpdir; " + output);
            }
            if (!signal.equals("KILL")) {
                assertNoStackTrace(output);
                assertFalse(Files.exists(restore), restore + " outlived finack; " + output);
            }
        } finally {
            end(child);
            Files.deleteIfExists(restore);
        }
    }

    /**
     * Alive and not a zombie: a killed process whose parent died first waits as a zombie until
     * init reaps it, which is not surviving.
     */
    private static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return process.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sleepRunning(String argument) {
        return ProcessHandle.allProcesses().filter(InterruptedRunTest::running).anyMatch(p -> p.info().arguments()
                .map(a -> a.length == 1 && a[0].equals(argument)).orElse(false)
                && p.info().command().map(c -> c.endsWith("/sleep")).orElse(false));
    }

    @Test
    void sigtermInTheCurrentNamespaceRestoresIt() throws Exception {
        killCurrentRun(SIGTERM, SIGTERM_STATUS);
    }

    @Test
    void sigintInTheCurrentNamespaceRestoresIt() throws Exception {
        killCurrentRun(SIGINT, SIGINT_STATUS);
    }

    /**
     * The baseline for the cases above, and a run of several experiments in one namespace: each
     * must find the 4-tuple free that the one before used, and the last must leave no socket.
     */
    @Test
    void aCompleteRunInTheCurrentNamespaceLeavesNothingBehind() throws Exception {
        String namespace = namedNamespace();
        Process child = null;
        try {
            Map<String, String> sysctls = LoopbackSettings.in(namespace);
            String tables = inside(namespace, "nft", "list", "tables");
            child = startChild(inNamespace(namespace, "run", "syn-retry", "--repeat", "2", "--family", "both",
                    "--netns", "current", "--no-pcap", "--json"));
            String output = awaitExit(child);
            assertEquals(ExitStatus.OK, child.exitValue(), output);
            JsonSchemas.RUN.assertValid(Files.readString(dir.resolve("stdout")));
            JsonNode experiments = new ObjectMapper().readTree(Files.readString(dir.resolve("stdout"))).path("experiments");
            assertEquals(4, experiments.size(), output);
            for (JsonNode experiment : experiments) {
                assertEquals("PASS", experiment.path("outcome").asText(), output);
            }
            assertEquals(tables, inside(namespace, "nft", "list", "tables"), output);
            assertEquals(sysctls, LoopbackSettings.in(namespace), output);
            assertEquals("", inside(namespace, "ss", "-Htan"), "TCP sockets left in the namespace; " + output);
        } finally {
            end(child);
            Commands.run("ip", "netns", "del", namespace);
        }
    }

    private void killFreshRun(Ending ending, int expectedStatus, String experiment, String... options) throws Exception {
        String tables = Commands.run("nft", "list", "tables");
        Map<String, String> sysctls = LoopbackSettings.here();
        Set<Long> descendants = descendants(ProcessHandle.current());
        String ownNamespace = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        Process child = null;
        try {
            List<String> args = new ArrayList<>(List.of("run", experiment, "--no-pcap"));
            args.addAll(List.of(options));
            child = startChild(childJava(args.toArray(String[]::new)));
            Process running = child;
            // Fresh namespaces are anonymous: find the child's through its threads, and wait
            // until its kernel socket is in SYN_SENT there.
            String namespace = Poll.until("SYN_SENT socket in a namespace of the child", START,
                    () -> synSentNamespace(running.pid(), ownNamespace), () -> ended(running));
            assertEquals(tables, Commands.run("nft", "list", "tables"), "the run touched the host's nft");
            assertEquals(sysctls, LoopbackSettings.here(), "the run touched the host's sysctls");
            Set<Long> itsChildren = descendants(child.toHandle());
            // The run's tracefs instance (drop reasons), where this machine gives tracefs.
            List<String> instances = traceInstances(child.pid());
            System.out.println("tracefs instances of the child before the signal: " + instances);

            ending.end(child);
            String output = awaitExit(child);
            assertEquals(expectedStatus, child.exitValue(), output);
            assertNoStackTrace(output);
            assertEquals(List.of(), traceInstances(child.pid()), "tracefs instances left behind; " + output);
            assertEquals(tables, Commands.run("nft", "list", "tables"), output);
            assertEquals(sysctls, LoopbackSettings.here(), output);
            for (long pid : itsChildren) {
                assertFalse(ProcessHandle.of(pid).map(InterruptedRunTest::running).orElse(false),
                        "the child's process " + pid + " outlived it; " + output);
            }
            assertEquals(descendants, descendants(ProcessHandle.current()), "processes left behind; " + output);
            // No process is left in the experiment's namespace (lsns lists a namespace by its processes).
            String inode = namespace.replaceAll("\\D", "");
            assertFalse(Commands.run("lsns", "-t", "net", "-n", "-o", "NS").lines().map(String::strip)
                    .anyMatch(inode::equals), namespace + " still has a process; " + output);
        } finally {
            end(child);
        }
    }

    /**
     * The tracefs instances finack process {@code pid} made, read through a tracefs mounted in a
     * mount namespace of the command's own (the host's mounts are not touched).
     */
    private static List<String> traceInstances(long pid) throws Exception {
        String list = Commands.run("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null && ls /sys/kernel/tracing/instances || true");
        return list.lines().map(String::strip).filter(n -> n.startsWith("finack-" + pid + "-")).toList();
    }

    private void killCurrentRun(Ending ending, int expectedStatus) throws Exception {
        String namespace = namedNamespace();
        Process child = null;
        try {
            Map<String, String> sysctls = LoopbackSettings.in(namespace);
            String tables = inside(namespace, "nft", "list", "tables");
            assertFalse(tables.contains("finack"), tables);
            child = startChild(inNamespace(namespace, "run", EXPERIMENT, "--netns", "current", "--no-pcap"));
            Process running = child;
            Poll.until("SYN_SENT socket in " + namespace, START, () -> Optional.of(
                    inside(namespace, "ss", "-Htn", "state", "syn-sent")).filter(s -> !s.isBlank()),
                    () -> ended(running));
            // Mid-experiment: the guard table is in and lo's settings are on, so there is something
            // to undo; the `all` settings are not finack's to change.
            assertTrue(inside(namespace, "nft", "list", "tables").contains("table inet finack"),
                    inside(namespace, "nft", "list", "tables"));
            Map<String, String> during = LoopbackSettings.in(namespace);
            assertEquals("1", during.get("net.ipv4.conf.lo.route_localnet"), during.toString());
            assertEquals("1", during.get("net.ipv4.conf.lo.accept_local"), during.toString());
            assertEquals(sysctls.get("net.ipv4.conf.all.route_localnet"), during.get("net.ipv4.conf.all.route_localnet"));
            assertEquals(sysctls.get("net.ipv4.conf.all.accept_local"), during.get("net.ipv4.conf.all.accept_local"));

            ending.end(child);
            String output = awaitExit(child);
            assertEquals(expectedStatus, child.exitValue(), output);
            assertNoStackTrace(output);
            assertEquals(tables, inside(namespace, "nft", "list", "tables"), output);
            assertEquals(sysctls, LoopbackSettings.in(namespace), output);
            assertEquals("", Commands.run("ip", "netns", "pids", namespace), "processes left in " + namespace);
            assertEquals("", inside(namespace, "ss", "-Htan"), "TCP sockets left in " + namespace + "; " + output);
        } finally {
            end(child);
            Commands.run("ip", "netns", "del", namespace);
        }
    }

    /** A named namespace standing for a container's: lo up, nothing else. */
    private static String namedNamespace() throws IOException, InterruptedException {
        String namespace = "finack-e2e-" + ProcessHandle.current().pid() + "-" + NAMESPACES.incrementAndGet();
        Commands.run("ip", "netns", "add", namespace);
        try {
            inside(namespace, "ip", "link", "set", "lo", "up");
        } catch (AssertionError | IOException e) {
            Commands.run("ip", "netns", "del", namespace);
            throw e;
        }
        return namespace;
    }

    /**
     * finack in a child JVM. A shell without job control starts background jobs with SIGINT
     * ignored, and a JVM keeps it ignored: env resets it (and execs, so the pid is the JVM's).
     */
    private static List<String> childJava(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(Commands.java(Main.class.getName(), args));
        return command;
    }

    /** ip netns exec execs too: the child's pid stays the JVM's. */
    private static List<String> inNamespace(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(childJava(args));
        return command;
    }

    private Process startChild(List<String> command) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .start();
    }

    private String awaitExit(Process child) throws Exception {
        if (!child.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
            fail("the child did not exit within " + EXIT_SECONDS + " s; " + output());
        }
        return output();
    }

    private String output() throws IOException {
        return "child stdout:\n" + Files.readString(dir.resolve("stdout"))
                + "child stderr:\n" + Files.readString(dir.resolve("stderr"));
    }

    private Optional<String> ended(Process child) throws IOException {
        return child.isAlive() ? Optional.empty()
                : Optional.of("the child exited with " + child.exitValue() + " first; " + output());
    }

    private static void assertNoStackTrace(String output) {
        assertFalse(output.contains("Exception") || output.contains("\tat "), output);
    }

    private static void end(Process child) throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
    }

    /**
     * The namespace (as "net:[inode]") of a thread of {@code pid} other than {@code own} that
     * has a TCP socket in SYN_SENT.
     */
    private static Optional<String> synSentNamespace(long pid, String own) throws InterruptedException {
        Set<String> seen = new LinkedHashSet<>();
        List<Path> tasks;
        try (Stream<Path> listing = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks = listing.toList();
        } catch (IOException gone) {
            return Optional.empty();
        }
        for (Path task : tasks) {
            try {
                Path link = task.resolve("ns/net");
                String namespace = Files.readSymbolicLink(link).toString();
                if (namespace.equals(own) || !seen.add(namespace)) {
                    continue;
                }
                // The thread may end meanwhile; nsenter then fails, and the next look tries again.
                Commands.Result ss = Commands.execute(List.of("nsenter", "--net=" + link, "ss", "-Htn", "state", "syn-sent"));
                if (ss.status() == 0 && !ss.stdout().isBlank()) {
                    return Optional.of(namespace);
                }
            } catch (IOException threadGone) {
                // the next look tries again
            }
        }
        return Optional.empty();
    }

    private static Set<Long> descendants(ProcessHandle process) {
        return process.descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String inside(String namespace, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return Commands.run(full.toArray(String[]::new));
    }

}

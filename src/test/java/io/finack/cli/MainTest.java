package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.experiment.Experiment;
import io.finack.loop.ReconnectLoop;
import io.finack.race.RaceExperiment;
import io.finack.script.BuiltinScripts;
import io.finack.testing.Commands;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.finack.cli.CliOutcome.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code finack} command as users meet it: exit statuses, one-line messages on stderr,
 * what each command prints. Most cases run {@link Main} in this JVM and need no privilege;
 * those that run experiments are {@link Privileged}, and those about missing privileges run
 * a child JVM with its capabilities dropped.
 */
class MainTest {
    private static final int CAP_SETGID = 6;
    private static final int CAP_SETUID = 7;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int NOBODY = 65534;
    private static final String KNOWN = Experiments.builtins().stream().map(Experiment::name)
            .collect(Collectors.joining(", ")) + " (or a script FILE.pkt)";

    /** What one {@code execute} printed, and its status. */
    private static CliOutcome finack(String... args) {
        return CliOutcome.of(args);
    }


    @Test
    void noArgumentsPrintsTheUsageOnStderrAndFails() {
        CliOutcome o = finack();
        assertEquals(ExitStatus.USAGE, o.status(), o.toString());
        assertEquals("", o.out(), "a usage error leaves stdout to the data");
        assertTrue(o.err().startsWith("usage: finack COMMAND [OPTIONS]\n"), o.toString());
        for (String command : List.of("run", "list", "show", "analyze", "doctor", "help")) {
            assertTrue(o.err().contains("\n  " + command + " "), command + " missing from the usage: " + o.err());
        }
    }

    @Test
    void helpPrintsTheSameUsageOnStdoutAndSucceeds() {
        String usage = finack().err();
        for (String help : List.of("help", "--help", "-h")) {
            CliOutcome o = finack(help);
            assertEquals(ExitStatus.OK, o.status(), o.toString());
            assertEquals(usage, o.out(), help);
            assertEquals("", o.err(), help);
        }
    }

    @Test
    void versionIsOneLine() {
        CliOutcome o = finack("--version");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("finack " + Main.VERSION + "\n", o.out());
        assertTrue(Main.VERSION.matches("\\d+\\.\\d+\\.\\d+"), Main.VERSION);
        assertEquals("", o.err());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertUsageError("finack: unknown command 'bogus' (try: finack help)", "bogus");
    }

    @Test
    void aMistypedCommandSuggestsTheNearestOne() {
        assertUsageError("finack: unknown command 'anlyze'; did you mean 'analyze'? (try: finack help)", "anlyze");
        assertUsageError("finack: unknown command 'merg'; did you mean 'merge'? (try: finack help)", "merg");
        assertUsageError("finack: unknown command 'Doctr'; did you mean 'doctor'? (try: finack help)", "Doctr");
        assertUsageError("finack: unknown command 'runn'; did you mean 'run'? (try: finack help)", "runn");
    }

    @Test
    void everyCommandHasAHelpPageWithItsExitStatusesAndItsDocsPage() {
        java.util.Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("run", "docs/run.md");
        pages.put("run race", "docs/race.md");
        pages.put("run reconnect-loop", "docs/reconnect-loop.md");
        pages.put("list", "docs/run.md");
        pages.put("show", "docs/run.md");
        pages.put("analyze", "docs/analyze.md");
        pages.put("packetdrill", "docs/packetdrill-compatibility.md");
        pages.put("watch", "docs/watch.md");
        pages.put("merge", "docs/containers.md");
        pages.put("doctor", "docs/run.md");
        pages.forEach((command, page) -> {
            // packetdrill's command line is packetdrill's: its -h is not help.
            for (String help : command.equals("packetdrill") ? List.of("--help") : List.of("--help", "-h")) {
                CliOutcome o = finack((command + " " + help).split(" "));
                assertEquals(ExitStatus.OK, o.status(), o.toString());
                assertTrue(o.out().startsWith("usage: finack " + command), o.out());
                assertTrue(o.out().contains("Exit status: 0"), o.out());
                assertTrue(o.out().replace("\n", " ").contains(page), command + " --help names " + page + ": " + o.out());
                assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of(page)), page);
                assertEquals("", o.err());
            }
        });
        String usage = finack("help").out();
        pages.values().forEach(page -> assertTrue(usage.replace("\n", " ").contains(page) || page.equals("docs/run.md"), page));
    }

    @Test
    void anUnknownExperimentIsAUsageErrorNamingTheKnownOnes() {
        assertEquals("syn-retry, syn-retry-after-retransmit, finwait2-stale-ack, in-order-close, fin-ack-reorder, "
                + "rst-ack-lost (or a script FILE.pkt)", KNOWN);
        assertUsageError("finack: unknown experiment 'nope'; known: " + KNOWN, "run", "nope");
        // Checked before anything runs, wherever the unknown name is.
        assertUsageError("finack: unknown experiment 'nope'; known: " + KNOWN, "run", "syn-retry", "nope");
    }

    @Test
    void aBadFamilyIsAUsageError() {
        assertUsageError("finack: --family must be ipv4, ipv6 or both, not 'ipx'", "run", "--family", "ipx");
        assertUsageError("finack: --ipv6 and --family are alternatives; give one", "run", "--ipv6", "--family", "both");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "two", "1.5"})
    void aRepeatBelowOneOrNotANumberIsAUsageError(String repeat) {
        assertUsageError("finack: --repeat must be a whole number >= 1, not '" + repeat + "'", "run", "--repeat", repeat);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--jobs", "--in-flight"})
    void jobsOrInFlightBelowOneIsAUsageError(String option) {
        assertUsageError("finack: " + option + " must be a whole number >= 1, not '0'", "run", "--repeat", "4", option, "0");
    }

    @Test
    void jobsAndInFlightHaveLimits() {
        assertUsageError("finack: --jobs must be at most 64, not 65", "run", "--repeat", "4", "--jobs", "65");
        assertUsageError("finack: --in-flight must be at most 32, not 33", "run", "--repeat", "4", "--in-flight", "33");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--jobs", "--in-flight"})
    void runsAtOnceNeedFreshNamespaces(String option) {
        assertUsageError("finack: --jobs and --in-flight need --netns fresh: with --netns current, repetitions run one "
                + "after another on the experiment's own ports", "run", "--repeat", "4", "--netns", "current", option, "2");
    }

    @Test
    void aBadNetnsIsAUsageError() {
        assertUsageError("finack: --netns must be fresh or current, not 'host'", "run", "--netns", "host");
    }

    @Test
    void anUnknownOptionIsAUsageErrorPointingAtTheCommandsHelp() {
        assertUsageError("finack run: Unrecognized option: --bogus (try: finack run --help)", "run", "--bogus");
        assertUsageError("finack run: Missing argument for option: repeat (try: finack run --help)", "run", "--repeat");
    }

    @Test
    void runHelpListsItsOptions() {
        CliOutcome o = finack("run", "--help");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        for (String option : List.of("--json", "--out", "--no-pcap", "--ipv6", "--family", "--netns", "--repeat", "--jobs", "--in-flight")) {
            assertTrue(o.out().contains(option), option + " missing: " + o.out());
        }
    }

    @Test
    void listPrintsOneLinePerExperiment() {
        CliOutcome o = finack("list");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(Experiments.builtins().size() + 2, lines.size(), o.out());
        assertTrue(lines.get(lines.size() - 2).startsWith(RaceExperiment.NAME + " "), o.out());
        assertTrue(lines.get(lines.size() - 1).startsWith(ReconnectLoop.NAME + " "), o.out());
        for (int i = 0; i < Experiments.builtins().size(); i++) {
            Experiment e = Experiments.builtins().get(i);
            assertTrue(lines.get(i).startsWith(e.name() + " "), lines.get(i));
            assertTrue(lines.get(i).contains(" expects " + e.expected().brief() + " "), lines.get(i));
            assertTrue(lines.get(i).endsWith(e.summary()), lines.get(i));
        }
        assertUsageError("finack: list takes no arguments", "list", "syn-retry");
    }

    @Test
    void showPrintsTheScriptAsShipped() throws Exception {
        CliOutcome o = finack("show", "syn-retry");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals("// " + BuiltinScripts.named("syn-retry").orElseThrow().summary(), lines.get(0));
        assertEquals(BuiltinScripts.text("syn-retry").orElseThrow(), o.out());
        // The lines a packetdrill user would recognise: system calls, kernel (>) and injected (<) segments.
        for (String line : List.of("+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)",
                "+0 > S 0:0(0) <...>",
                "+0 < . 5:5(0) ack -19502346 win 65535",
                "+0 > R -19502346:-19502346(0)",
                "* > S 0:0(0) <...>",
                "+0 < S. 1000000:1000000(0) ack 1 win 65535 <mss 1460>",
                "+0 @verdict FAST_RETRY")) {
            assertTrue(lines.contains(line), line + " missing: " + o.out());
        }
    }

    @Test
    void showOfACloseOrderExperimentPrintsItsScriptWithTheStatesAndTheReplyItExpects() {
        CliOutcome o = finack("show", "rst-ack-lost");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals(io.finack.script.BuiltinScripts.text("rst-ack-lost").orElseThrow(), o.out());
        List<String> lines = o.out().lines().toList();
        for (String line : List.of(
                "@expect states SYN_RECV ESTABLISHED FIN_WAIT1 FIN_WAIT2 FIN_WAIT2 none SYN_RECV",
                "@expect reconnect STALE_ACK",
                "+0 > . 2:2(0) ack 1 <...>   // stale ACK",
                "+0 @observe")) {
            assertTrue(lines.contains(line), line + " missing: " + o.out());
        }
    }

    @Test
    void showNeedsOneKnownName() {
        assertUsageError("finack: unknown experiment 'nope'; known: " + KNOWN, "show", "nope");
        assertUsageError("finack: show needs an experiment name (see: finack list)", "show");
        assertUsageError("finack: show takes one experiment name and optionally --ipv6 and --ladder", "show", "syn-retry", "finwait2-stale-ack");
    }

    /** The whole way from the command line to the files: JSON on stdout, report.json and the pcap on disk. */
    @Test
    @Privileged
    void runWritesTheJsonReportAndThePcap(@TempDir Path out) throws IOException {
        CliOutcome o = finack("run", "syn-retry", "--json", "--out", out.toString());
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.err(), o.toString());

        JsonNode report = new ObjectMapper().readTree(o.out());
        JsonSchemas.RUN.assertValid(o.out());
        assertEquals(1, report.path("schema").asInt(), o.out());
        assertEquals("finack " + Main.VERSION, report.path("tool").asText());
        assertEquals("fresh", report.path("netns").asText());
        assertEquals(1, report.path("experiments").size(), o.out());
        JsonNode experiment = report.path("experiments").get(0);
        assertEquals("syn-retry", experiment.path("name").asText());
        assertEquals("ipv4", experiment.path("family").asText());
        assertEquals("PASS", experiment.path("outcome").asText(), o.out());
        assertEquals("FAST_RETRY", experiment.path("verdict").asText(), o.out());
        assertEquals("FAST_RETRY", experiment.path("path").path("verdict").asText(), o.out());
        assertEquals(1, report.path("summary").path("pass").asInt(), o.out());
        assertEquals(0, report.path("summary").path("fail").asInt(), o.out());

        List<Path> runs;
        try (Stream<Path> listing = Files.list(out)) {
            runs = listing.toList();
        }
        assertEquals(1, runs.size(), "one run folder: " + runs);
        Path run = runs.get(0);
        assertTrue(run.getFileName().toString().matches("\\d{8}T\\d{6}Z"), run.toString());
        assertEquals(o.out(), Files.readString(run.resolve("report.json")), "report.json is what stdout showed");
        Path pcap = run.resolve("syn-retry-ipv4.pcap");
        assertTrue(Files.isRegularFile(pcap) && Files.size(pcap) > 24, pcap + " missing or without a frame");
        assertEquals(pcap.toString(), experiment.path("pcap").asText());
    }

    @Test
    @Privileged
    void runWithNoPcapWritesNothing(@TempDir Path out) throws IOException {
        CliOutcome o = finack("run", "syn-retry", "--json", "--no-pcap", "--out", out.toString());
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        JsonSchemas.RUN.assertValid(o.out());
        JsonNode experiment = new ObjectMapper().readTree(o.out()).path("experiments").get(0);
        assertEquals("FAST_RETRY", experiment.path("verdict").asText(), o.out());
        assertTrue(experiment.path("pcap").isNull(), o.out());
        try (Stream<Path> listing = Files.list(out)) {
            assertEquals(List.of(), listing.toList());
        }
    }

    // Missing privileges: a child JVM, since a process cannot take back a capability it dropped.

    /** Root with every capability dropped, as in a container run without --cap-add: exit 3, one line. */
    @Test
    void withoutCapabilitiesRunFailsInOneLine() throws Exception {
        List<String> command = new ArrayList<>();
        if (hasCapability(CAP_SYS_ADMIN)) {
            command.addAll(dropAllCapabilities());
        }
        // Without CAP_SYS_ADMIN this JVM's child lacks it too: nothing to drop.
        command.addAll(Commands.java(Main.class.getName(), "run"));
        assertEnvironmentError(Commands.execute(command), "finack: cannot run experiments: CAP_SYS_ADMIN: missing");
    }

    /** An ordinary user (nobody), whose run must not get as far as touching the network. */
    @Test
    void asAnOrdinaryUserRunFailsInOneLine(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("setpriv"), "setpriv (util-linux) not found: cannot switch to nobody");
        assumeTrue(hasCapability(CAP_SETUID) && hasCapability(CAP_SETGID),
                "switching to nobody needs CAP_SETUID and CAP_SETGID");
        String classPath = worldReadableCopyOfClassPath(dir);
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--inh-caps=-all", "--ambient-caps=-all"));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                Main.class.getName(), "run", "--out", dir.resolve("out").toString()));
        Commands.Result result = Commands.execute(command);
        assertEnvironmentError(result, "finack: cannot run experiments: CAP_SYS_ADMIN: missing");
        assertFalse(Files.exists(dir.resolve("out")), "a refused run wrote files");
    }

    /**
     * {@code --netns current} needs no CAP_SYS_ADMIN but still CAP_NET_RAW. Run inside a
     * namespace of its own (unshare -n), so that a run that wrongly went ahead would change
     * nothing of this machine's.
     */
    @Test
    @Privileged
    void inTheCurrentNamespaceWithoutNetRawRunFailsInOneLine() throws Exception {
        assumeTrue(onPath("setpriv"), "setpriv (util-linux) not found: cannot drop a capability");
        List<String> command = new ArrayList<>(List.of("unshare", "-n", "setpriv", "--bounding-set=-net_raw",
                "--inh-caps=-all", "--ambient-caps=-all"));
        command.addAll(Commands.java(Main.class.getName(), "run", "--netns", "current", "--no-pcap"));
        assertEnvironmentError(Commands.execute(command), "finack: cannot run experiments: CAP_NET_RAW: missing");
    }

    /** ... and with CAP_SYS_ADMIN dropped alone, it runs: the preflight asks only for what the mode needs. */
    @Test
    @Privileged
    void inTheCurrentNamespaceRunNeedsNoSysAdmin() throws Exception {
        assumeTrue(onPath("setpriv"), "setpriv (util-linux) not found: cannot drop a capability");
        // The unshared namespace's lo is down, as a fresh one's is; a container's is up.
        List<String> command = new ArrayList<>(List.of("unshare", "-n", "sh", "-c",
                "ip link set lo up && exec setpriv --bounding-set=-sys_admin --inh-caps=-all --ambient-caps=-all \"$@\"",
                "sh"));
        command.addAll(Commands.java(Main.class.getName(), "run", "syn-retry", "--netns", "current", "--no-pcap"));
        Commands.Result result = Commands.execute(command);
        assertEquals(ExitStatus.OK, result.status(), result.toString());
        assertTrue(result.stdout().startsWith("PASS  syn-retry "), result.toString());
    }

    private static void assertEnvironmentError(Commands.Result result, String prefix) {
        assertEquals(ExitStatus.ENVIRONMENT, result.status(), result.toString());
        assertEquals("", result.stdout(), result.toString());
        List<String> lines = result.stderr().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + result);
        assertTrue(lines.get(0).startsWith(prefix), result.toString());
        assertFalse(result.stderr().contains("Exception"), result.toString());
        assertFalse(result.stderr().contains("at io."), result.toString());
    }

    /** The child's command prefix that leaves it no capability at all, though it stays root. */
    private static List<String> dropAllCapabilities() {
        if (onPath("setpriv")) {
            return List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--ambient-caps=-all");
        }
        assumeTrue(onPath("capsh"), "neither setpriv (util-linux) nor capsh (libcap2-bin) found: cannot drop capabilities");
        // capsh hands what follows "--" to bash: -c 'exec "$0" "$@"' runs the command after it.
        return List.of("capsh", "--drop=" + allCapabilityNames(), "--", "-c", "exec \"$0\" \"$@\"");
    }

    private static String allCapabilityNames() {
        List<String> names = new ArrayList<>();
        for (String name : List.of("chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
                "setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw",
                "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
                "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
                "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
                "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore")) {
            names.add("cap_" + name);
        }
        return String.join(",", names);
    }

    /**
     * The class path copied where nobody can read it: the Maven repository under /root is not.
     * Directories (target/classes) are copied whole.
     */
    private static String worldReadableCopyOfClassPath(Path dir) throws IOException {
        // Writable by all, like /tmp: a run as nobody could write its files here if it went that far.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path copies = Files.createDirectory(dir.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = copies.resolve(i++ + "-" + source.getFileName());
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Path copy = target.resolve(source.relativize(p).toString());
                    Files.copy(p, copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(
                            Files.isDirectory(copy) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            entries.add(target.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static boolean hasCapability(int bit) throws IOException {
        long caps = Doctor.capEff(Files.readAllLines(Path.of("/proc/self/status"))).orElse(0);
        return (caps & (1L << bit)) != 0;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    @Test
    void anOutputFolderThatCannotBeMadeIsAUsageErrorBeforeAnyExperiment(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        CliOutcome o = finack("run", "syn-retry", "--out", file.toString(), "--netns", "current");
        // With privileges the folder is checked first; without, the preflight refuses first.
        if (o.status() == ExitStatus.USAGE) {
            assertTrue(o.err().startsWith("finack: cannot create the output folder " + file + "/"), o.toString());
            assertTrue(o.err().endsWith(": Not a directory\n"), o.toString());
            assertEquals("", o.out());
        } else {
            assertEquals(ExitStatus.ENVIRONMENT, o.status(), o.toString());
        }
    }
}

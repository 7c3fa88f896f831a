package io.finack.cli;

import io.finack.experiment.Experiment;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.loop.ReconnectLoop;
import io.finack.experiment.Plan;
import io.finack.ladder.LadderText;
import io.finack.ladder.Ladders;
import io.finack.ladder.Palette;
import io.finack.report.HtmlReport;
import io.finack.report.JsonReport;
import io.finack.report.TextReport;
import io.finack.script.Translator;
import io.finack.sandbox.SandboxException;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code finack run [NAME|FILE.pkt ...]}: runs experiments and reports one verdict line each. */
final class RunCommand implements Main.Command {
    private static final DateTimeFormatter RUN_FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Repetitions in flight per job unless --in-flight says otherwise: see docs/benchmarks.md. */
    private static final int DEFAULT_IN_FLIGHT = 4;
    /**
     * A job's capture ring holds about 490 frames and a repetition in flight has at most a
     * handful waiting; each job is a namespace with a 32 MiB ring.
     */
    private static final int MAX_IN_FLIGHT = 32;
    private static final int MAX_JOBS = 64;

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    private static Options options() {
        Options o = new Options();
        addReportAndFamilyOptions(o, "pcaps");
        o.addOption(netnsOption());
        o.addOption(Option.builder().longOpt("repeat").hasArg().argName("N")
                .desc("run each experiment N times and print verdict counts and distributions (default 1)").get());
        o.addOption(Option.builder().longOpt("jobs").hasArg().argName("K")
                .desc("run the repetitions in K jobs at once, each in a network namespace of its own "
                        + "(default 1, at most " + MAX_JOBS + "; needs --netns fresh)").get());
        o.addOption(Option.builder().longOpt("in-flight").hasArg().argName("M")
                .desc("keep up to M repetitions of a job in flight at once, each on ports of its own "
                        + "(default " + DEFAULT_IN_FLIGHT + " with --repeat, else 1; at most " + MAX_IN_FLIGHT
                        + "; needs --netns fresh)").get());
        o.addOption(Option.builder().longOpt("ladder")
                .desc("draw each run's exchange as a ladder diagram below its verdict (the first run's, with --repeat)").get());
        o.addOption(Option.builder().longOpt("html").hasArg().argName("FILE")
                .desc("also write a self-contained HTML report: verdicts, ladders, timelines, histograms").get());
        o.addOption(Option.builder().longOpt("tolerance_usecs").hasArg().argName("US")
                .desc("scripts: how early or late a kernel segment may be, in microseconds (default: the script's "
                        + "--tolerance_usecs, else 4000)").get());
        o.addOption(Option.builder().longOpt("tolerance_percent").hasArg().argName("PERCENT")
                .desc("scripts: or this share of the gap since the previous event, if larger (default: the script's, "
                        + "else 12.5)").get());
        o.addOption(Option.builder().longOpt("mtu").hasArg().argName("BYTES")
                .desc("scripts: lo's MTU, as packetdrill's tun device's (default: the script's --mtu, else 1500; "
                        + "IPv6 runs add 20, so MSS values are the same)").get());
        o.addOption(noDropReasonsOption());
        o.addOption(CommandHelp.help());
        return o;
    }

    /** --no-drop-reasons, which run and run reconnect-loop share. */
    static Option noDropReasonsOption() {
        return Option.builder().longOpt("no-drop-reasons").desc("do not trace the kernel's drop reasons and RSTs "
                + "(skb:kfree_skb, tcp:tcp_send_reset) in a tracefs instance of finack's own").get();
    }

    /** --netns, which run and run reconnect-loop share. */
    static Option netnsOption() {
        return Option.builder().longOpt("netns").hasArg().argName("fresh|current")
                .desc("fresh: a new network namespace per experiment (default); current: the caller's own, "
                        + "for a container that has its own (every rule and sysctl is restored afterwards)").get();
    }

    /** --json, --out, --no-pcap, --ipv6 and --family, which run, run race and run reconnect-loop share. */
    static void addReportAndFamilyOptions(Options o, String pcaps) {
        o.addOption(CommandHelp.json("print the JSON report instead of the text summary"));
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("folder for the run's folder of " + pcaps + " and report.json (default: captures)").get());
        o.addOption(Option.builder().longOpt("no-pcap").desc("write no files").get());
        o.addOption(Option.builder().longOpt("ipv6").desc("run on ::1 instead of 127.0.0.1").get());
        o.addOption(Option.builder().longOpt("family").hasArg().argName("ipv4|ipv6|both")
                .desc("address families to run on (default: ipv4)").get());
    }

    @Override
    public int run(String[] args) throws CliException, ParseException, IOException {
        if (args.length > 0 && args[0].equals(RaceCommand.NAME)) {
            return new RaceCommand(out).run(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals(ReconnectLoop.NAME)) {
            return new ReconnectLoopCommand(out).run(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLine line;
        try {
            line = new DefaultParser().parse(options(), args);
        } catch (ParseException e) {
            // packetdrill's own options (-D, --dry_run, ...) are not run's: a folder's run reads them.
            if (Arrays.stream(args).anyMatch(a -> Files.isDirectory(Path.of(a)))) {
                return new PacketdrillCommand(out, err).run(args);
            }
            throw e;
        }
        if (line.getArgList().stream().anyMatch(a -> Files.isDirectory(Path.of(a)))) {
            // A folder is a suite of packetdrill's scripts: run as finack packetdrill runs it.
            return new PacketdrillCommand(out, err).run(args);
        }
        if (line.hasOption("help")) {
            return CommandHelp.print(out, "finack run [NAME|FILE.pkt ...]",
                    "Runs experiments (no name: the built-in suite) and prints one verdict line each, each in a "
                            + "network namespace finack makes and removes. FILE.pkt is a script in packetdrill's "
                            + "notation (docs/script-language.md). finack run FOLDER is finack packetdrill FOLDER: every "
                            + ".pkt below it, as packetdrill runs them (docs/packetdrill-compatibility.md). Each run "
                            + "writes a pcap per experiment and report.json to captures/<UTC start time>/. 'finack run "
                            + "race' and 'finack run reconnect-loop' have options of their own (--help).",
                    options(), "Exit status: 0 every experiment met its expectation, 1 the kernel did something an "
                            + "experiment did not expect, 2 bad usage or input (an unknown name, a script that cannot "
                            + "be read: FILE:LINE:COLUMN), 3 the environment cannot run experiments (finack doctor). "
                            + "Reference: docs/run.md.");
        }
        Translator.Overrides overrides = overrides(line);
        List<Experiment> experiments = new ArrayList<>();
        for (String name : line.getArgList()) {
            experiments.add(Experiments.isScriptFile(name) ? Experiments.script(name, overrides) : Experiments.named(name));
        }
        if (experiments.isEmpty()) {
            experiments.addAll(Experiments.builtins());
        }
        List<Endpoint.Family> families = families(line);
        SandboxSpec.Mode mode = mode(line.getOptionValue("netns", "fresh"));
        int repeat = atLeastOne("repeat", line.getOptionValue("repeat", "1"));
        Optional<Path> html = line.hasOption("html")
                ? Optional.of(OutputFile.writable(Path.of(line.getOptionValue("html")), "HTML report")) : Optional.empty();
        int jobs = atMost(MAX_JOBS, "jobs", atLeastOne("jobs", line.getOptionValue("jobs", "1")));
        boolean fresh = mode == SandboxSpec.Mode.FRESH;
        int inFlight = atMost(MAX_IN_FLIGHT, "in-flight", atLeastOne("in-flight", line.getOptionValue("in-flight",
                Integer.toString(fresh && repeat > 1 ? DEFAULT_IN_FLIGHT : 1))));
        if ((jobs > 1 || inFlight > 1) && !fresh) {
            throw new CliException(ExitStatus.USAGE, "--jobs and --in-flight need --netns fresh: with --netns current, "
                    + "repetitions run one after another on the experiment's own ports");
        }
        ExperimentRunner.Parallelism parallelism = new ExperimentRunner.Parallelism(jobs, inFlight);
        Preflight.require(mode == SandboxSpec.Mode.FRESH);
        Preflight.requirePython(experiments, families.get(0));

        Instant started = Instant.now();
        Optional<Path> runDir = runDir(line, started);
        List<ExperimentResult> results = new ArrayList<>();
        try (ExperimentRunner runner = new ExperimentRunner(mode, runDir, !line.hasOption("no-drop-reasons"));
             RunProgress progress = RunProgress.forTerminal(experiments.size() * families.size() * repeat)) {
            for (Experiment e : experiments) {
                for (Endpoint.Family f : families) {
                    String what = e.name() + " " + f;
                    try {
                        results.addAll(runner.run(e, f, repeat, parallelism, job -> progress.step(what, job)));
                    } catch (SandboxException ex) {
                        throw new CliException(ExitStatus.ENVIRONMENT, e.name() + ": " + ex.getMessage());
                    }
                }
            }
        }
        JsonReport.RunContext context = new JsonReport.RunContext(Main.VERSION,
                HostFacts.hostname(), HostFacts.kernelRelease().orElse("unknown"), started, mode.toString().toLowerCase(java.util.Locale.ROOT),
                startToFirstInjection(results));
        // Without --json or a run folder the JSON report is never read: not building it saves a short run ~50 ms.
        String json = line.hasOption("json") || runDir.isPresent()
                ? JsonReport.write(JsonReport.document(results, context)) : null;
        writeReport(runDir, json);
        Function<ExperimentResult, Plan> plans = r -> experiments.stream().filter(e -> e.name().equals(r.name()))
                .findFirst().orElseThrow().plan(r.family());
        if (html.isPresent()) {
            HtmlReport.write(html.get(), results, plans, context);
        }
        LadderText ladders = new LadderText(Palette.forStdout());
        printReport(out, line, runDir, json, () -> TextReport.render(results,
                r -> line.hasOption("ladder") ? "\n" + ladders.render(Ladders.ofRun(r, plans.apply(r))) + "\n" : ""));
        html.filter(h -> !line.hasOption("json")).ifPresent(h -> out.println("html " + h));
        return results.stream().allMatch(r -> r.outcome() == ExperimentResult.Outcome.PASS) ? ExitStatus.OK : ExitStatus.UNEXPECTED;
    }

    /** The run's folder under --out (none with --no-pcap), made now. */
    static Optional<Path> runDir(CommandLine line, Instant started) throws CliException {
        if (line.hasOption("no-pcap")) {
            return Optional.empty();
        }
        Path folder = Path.of(line.getOptionValue("out", "captures")).resolve(RUN_FOLDER.format(started));
        createOutputFolder(folder);
        return Optional.of(folder);
    }

    /** The JSON report as report.json in the run's folder, if there is one (then {@code json} is not null). */
    static void writeReport(Optional<Path> runDir, String json) throws IOException {
        if (runDir.isPresent()) {
            Files.writeString(runDir.get().resolve("report.json"), json + "\n");
        }
    }

    /** With --json the JSON report (then not null), else the text one followed by where report.json is. */
    static void printReport(PrintStream out, CommandLine line, Optional<Path> runDir, String json, Supplier<String> text) {
        if (line.hasOption("json")) {
            out.print(json + "\n");
            return;
        }
        out.print(text.get());
        runDir.ifPresent(d -> out.println("report " + d.resolve("report.json")));
    }

    /** Made before any experiment runs, so that a bad --out fails at once, not after the suite. */
    static void createOutputFolder(Path folder) throws CliException {
        try {
            Files.createDirectories(folder);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(ExitStatus.USAGE, "cannot create the output folder " + folder + ": " + e.getFile()
                    + " cannot be made (no such parent, or a file system that holds no folders)");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException(ExitStatus.USAGE, "cannot create the output folder " + folder + ": permission denied");
        } catch (java.nio.file.FileSystemException e) {
            throw new CliException(ExitStatus.USAGE, "cannot create the output folder " + folder + ": " + e.getReason());
        } catch (IOException e) {
            throw new CliException(ExitStatus.USAGE, "cannot create the output folder " + folder + ": " + e.getMessage());
        }
    }

    private static Translator.Overrides overrides(CommandLine line) throws CliException {
        java.util.OptionalLong micros = java.util.OptionalLong.empty();
        java.util.OptionalDouble percent = java.util.OptionalDouble.empty();
        java.util.OptionalInt mtu = java.util.OptionalInt.empty();
        try {
            if (line.hasOption("tolerance_usecs")) {
                micros = java.util.OptionalLong.of(Long.parseLong(line.getOptionValue("tolerance_usecs")));
                if (micros.getAsLong() < 0) {
                    throw new NumberFormatException();
                }
            }
            if (line.hasOption("tolerance_percent")) {
                percent = java.util.OptionalDouble.of(Double.parseDouble(line.getOptionValue("tolerance_percent")));
                if (!(percent.getAsDouble() >= 0 && percent.getAsDouble() <= 1000)) {
                    throw new NumberFormatException();
                }
            }
            if (line.hasOption("mtu")) {
                mtu = java.util.OptionalInt.of(Integer.parseInt(line.getOptionValue("mtu")));
                if (mtu.getAsInt() < 1280 || mtu.getAsInt() > 65516) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new CliException(ExitStatus.USAGE, "--tolerance_usecs takes microseconds >= 0, --tolerance_percent "
                    + "0 to 1000, --mtu 1280 to 65516");
        }
        return new Translator.Overrides(micros, percent, mtu);
    }

    static int atLeastOne(String option, String text) throws CliException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, "--" + option + " must be a whole number >= 1, not '" + text + "'");
    }

    private static int atMost(int limit, String option, int n) throws CliException {
        if (n > limit) {
            throw new CliException(ExitStatus.USAGE, "--" + option + " must be at most " + limit + ", not " + n);
        }
        return n;
    }

    /**
     * From the JVM's start to the first frame it injected, by the capture's clock. The JVM's
     * own record of its start is used: ProcessHandle's start instant rests on the boot time in
     * whole seconds and was off by up to a second here.
     */
    private static java.util.OptionalDouble startToFirstInjection(List<ExperimentResult> results) {
        if (results.isEmpty() || results.get(0).firstInjectionNanos() == 0) {
            return java.util.OptionalDouble.empty();
        }
        long startMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        return java.util.OptionalDouble.of(results.get(0).firstInjectionNanos() / 1e6 - startMillis);
    }

    static List<Endpoint.Family> families(CommandLine line) throws CliException {
        if (line.hasOption("ipv6") && line.hasOption("family")) {
            throw new CliException(ExitStatus.USAGE, "--ipv6 and --family are alternatives; give one");
        }
        String family = line.hasOption("ipv6") ? "ipv6" : line.getOptionValue("family", "ipv4");
        switch (family) {
            case "ipv4": return List.of(Endpoint.Family.IPV4);
            case "ipv6": return List.of(Endpoint.Family.IPV6);
            case "both": return List.of(Endpoint.Family.IPV4, Endpoint.Family.IPV6);
            default: throw new CliException(ExitStatus.USAGE, "--family must be ipv4, ipv6 or both, not '" + family + "'");
        }
    }

    static SandboxSpec.Mode mode(String netns) throws CliException {
        switch (netns) {
            case "fresh": return SandboxSpec.Mode.FRESH;
            case "current": return SandboxSpec.Mode.CURRENT;
            default: throw new CliException(ExitStatus.USAGE, "--netns must be fresh or current, not '" + netns + "'");
        }
    }
}

package io.finack.cli;

import io.finack.race.ClosingSegment;
import io.finack.race.RaceExperiment;
import io.finack.race.RaceLoop;
import io.finack.race.RaceResult;
import io.finack.race.RaceSpec;
import io.finack.report.JsonReport;
import io.finack.report.RaceReport;
import io.finack.sandbox.SandboxException;
import io.finack.tcp.Endpoint;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code finack run race}: the peer's ACK and its closing segment sent at once from two CPUs,
 * many times, against the sequential control. Reached through {@code run}, which hands it
 * every argument after {@code race}.
 */
final class RaceCommand implements Main.Command {
    static final String NAME = "race";
    /** The synopsis, which help and {@code finack show race} both print. */
    static final String USAGE = "finack run race [--variant fin|rst|both] [--repeat N] [--cpus A,B]";

    private final PrintStream out;

    RaceCommand(PrintStream out) {
        this.out = out;
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("variant").hasArg().argName("fin|rst|both")
                .desc("the peer's closing segment: FIN/ACK, RST/ACK or each in turn (default: fin)").get());
        o.addOption(Option.builder().longOpt("repeat").hasArg().argName("N")
                .desc("race iterations, and as many of the sequential control (default 1000)").get());
        o.addOption(Option.builder().longOpt("cpus").hasArg().argName("A,B")
                .desc("the CPUs that send the ACK and the closing segment (default 0,1)").get());
        o.addOption(Option.builder().longOpt("offset-us").hasArg().argName("US")
                .desc("send the closing segment this many microseconds after the ACK (negative: before it; "
                        + "default 0, together), to move the race across its window").get());
        o.addOption(Option.builder().longOpt("realtime").desc("run the two racing threads under SCHED_FIFO while they "
                + "race (a few ms a batch), so that on a loaded machine they hold their CPUs together").get());
        o.addOption(Option.builder().longOpt("no-control").desc("skip the sequential control").get());
        RunCommand.addReportAndFamilyOptions(o, "pcaps (one per variant and family, with every hit's connection)");
        o.addOption(CommandHelp.help());
        return o;
    }

    @Override
    public int run(String[] args) throws CliException, ParseException, IOException {
        CommandLine line = new DefaultParser().parse(options(), args);
        if (line.hasOption("help")) {
            return CommandHelp.print(out, USAGE,
                    RaceExperiment.DESCRIPTION, options(), "Exit status: 0 every iteration classified and the control "
                            + "never hit (whether or not the race hit), 1 an unclassified iteration or a control hit, "
                            + "2 bad usage, 3 environment. Reference: docs/race.md.");
        }
        if (!line.getArgList().isEmpty()) {
            throw new CliException(ExitStatus.USAGE, "run race takes no other experiment names: " + line.getArgList());
        }
        List<ClosingSegment> variants = variants(line.getOptionValue("variant", "fin"));
        int repeat = RunCommand.atLeastOne("repeat", line.getOptionValue("repeat", "1000"));
        int[] cpus = cpus(line.getOptionValue("cpus", "0,1"));
        long offsetNanos = offsetNanos(line.getOptionValue("offset-us", "0"));
        List<Endpoint.Family> families = RunCommand.families(line);
        Preflight.require(true);

        Instant started = Instant.now();
        Optional<Path> runDir = RunCommand.runDir(line, started);
        String loadBefore = HostFacts.loadAverage();
        List<RaceResult> results = new ArrayList<>();
        for (ClosingSegment closing : variants) {
            for (Endpoint.Family family : families) {
                RaceSpec spec = new RaceSpec(closing, family, repeat, cpus[0], cpus[1], offsetNanos, line.hasOption("realtime"),
                        !line.hasOption("no-control"),
                        runDir);
                int total = repeat * (spec.control() ? 2 : 1);
                try (RunProgress progress = RunProgress.forTerminal(total)) {
                    results.add(RaceLoop.run(spec, done -> progress.stepTo(done, "race " + closing.word() + " " + family)));
                } catch (SandboxException e) {
                    throw new CliException(ExitStatus.ENVIRONMENT, NAME + ": " + e.getMessage());
                }
            }
        }
        RaceReport.Context context = new RaceReport.Context(Main.VERSION, HostFacts.hostname(),
                HostFacts.kernelRelease().orElse("unknown"), started, loadBefore, HostFacts.loadAverage());
        String json = JsonReport.write(RaceReport.document(results, context));
        RunCommand.writeReport(runDir, json);
        RunCommand.printReport(out, line, runDir, json, () -> RaceReport.text(results, context));
        return results.stream().allMatch(RaceCommand::expected) ? ExitStatus.OK : ExitStatus.UNEXPECTED;
    }

    /** Every iteration classified, and no hit without concurrency. */
    private static boolean expected(RaceResult r) {
        return r.deliveries().stream().allMatch(d -> d.unclassified() == 0 && (d.delivery().concurrent() || d.hits() == 0));
    }

    private static List<ClosingSegment> variants(String text) throws CliException {
        switch (text) {
            case "fin": return List.of(ClosingSegment.FIN);
            case "rst": return List.of(ClosingSegment.RST);
            case "both": return List.of(ClosingSegment.FIN, ClosingSegment.RST);
            default: throw new CliException(ExitStatus.USAGE, "--variant must be fin, rst or both, not '" + text + "'");
        }
    }

    /** Two different CPUs this process may run on. */
    static int[] cpus(String text) throws CliException {
        String[] parts = text.split(",", -1);
        int online = Runtime.getRuntime().availableProcessors();
        try {
            if (parts.length == 2) {
                int a = Integer.parseInt(parts[0].trim());
                int b = Integer.parseInt(parts[1].trim());
                if (a != b && a >= 0 && b >= 0 && a < online && b < online) {
                    return new int[] {a, b};
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, "--cpus must be two different CPU numbers from 0 to " + (online - 1)
                + ", like 0,1, not '" + text + "'");
    }

    private static long offsetNanos(String text) throws CliException {
        double maxMicros = RaceSpec.MAX_OFFSET_NANOS / 1e3;
        try {
            double micros = Double.parseDouble(text);
            if (Math.abs(micros) <= maxMicros) {
                return Math.round(micros * 1e3);
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, String.format(java.util.Locale.ROOT,
                "--offset-us must be a number of microseconds from -%.0f to %.0f, not '%s'", maxMicros, maxMicros, text));
    }
}

package io.finack.cli;

import io.finack.experiment.DropTrace;
import io.finack.loop.LoopControl;
import io.finack.loop.LoopResult;
import io.finack.loop.LoopSpec;
import io.finack.loop.ReconnectLoop;
import io.finack.loop.ResetSource;
import io.finack.loop.WindowBounds;
import io.finack.report.JsonReport;
import io.finack.report.LoopReport;
import io.finack.sandbox.SandboxException;
import io.finack.sandbox.SandboxSpec;
import io.finack.sandbox.TraceInstance;
import io.finack.tcp.Endpoint;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@code finack run reconnect-loop}: the kernel's reconnect loop, its latency distribution and its slow or failed connections. */
final class ReconnectLoopCommand implements Main.Command {
    static final long DEFAULT_CONNECTIONS = 10_000;
    /** Windows are held in memory until the loop ends: 1,000 of them are at most 64 MiB of frames. */
    static final int MAX_SPIKES = 1000;

    private final PrintStream out;

    ReconnectLoopCommand(PrintStream out) {
        this.out = out;
    }

    private static Options options() {
        Options o = new Options();
        RunCommand.addReportAndFamilyOptions(o, "pcaps (one per slow or failed connection, one per stale-ACK path)");
        o.addOption(RunCommand.netnsOption());
        o.addOption(Option.builder().longOpt("connections").hasArg().argName("N")
                .desc("make N connections (default " + DEFAULT_CONNECTIONS + ")").get());
        o.addOption(Option.builder().longOpt("duration").hasArg().argName("T")
                .desc("make connections for T seconds instead").get());
        o.addOption(Option.builder().longOpt("threshold").hasArg().argName("MS")
                .desc("a connect() still connecting after MS milliseconds is slow (default "
                        + LoopSpec.DEFAULT_THRESHOLD.toMillis() + "; 0: every one is)").get());
        o.addOption(Option.builder().longOpt("max-spikes").hasArg().argName("N")
                .desc("keep the capture window of the first N slow or failed connections (default "
                        + WindowBounds.DEFAULT.maxWindows() + ", at most " + MAX_SPIKES + "; each at most "
                        + WindowBounds.DEFAULT.maxPcapBytesPerWindow() + " bytes of pcap)").get());
        o.addOption(RunCommand.noDropReasonsOption());
        o.addOption(CommandHelp.help());
        return o;
    }

    @Override
    public int run(String[] args) throws CliException, ParseException, IOException {
        CommandLine line = new DefaultParser().parse(options(), args);
        if (line.hasOption("help")) {
            return CommandHelp.print(out, "finack run reconnect-loop",
                    ReconnectLoop.SUMMARY + ". The capture of lo runs throughout; only a bounded window around "
                            + "each slow or failed connection is kept and written as a pcap, and the stale-ACK detector names "
                            + "the path a slow connection took.",
                    options(), "Exit status: 0 no connection over the threshold, 1 a slow or failed connection, "
                            + "2 bad usage, 3 environment; 130 or 143 after SIGINT or SIGTERM, which end the loop with "
                            + "its report. Reference: docs/reconnect-loop.md.");
        }
        if (!line.getArgList().isEmpty()) {
            throw new CliException(ExitStatus.USAGE, "reconnect-loop takes no names, only options: " + line.getArgList());
        }
        LoopSpec.Limit limit = limit(line);
        Duration threshold = threshold(line.getOptionValue("threshold", Long.toString(LoopSpec.DEFAULT_THRESHOLD.toMillis())));
        WindowBounds windows = WindowBounds.DEFAULT.withMaxWindows(
                (int) whole("--max-spikes", line.getOptionValue("max-spikes", Integer.toString(WindowBounds.DEFAULT.maxWindows())),
                        0, MAX_SPIKES));
        List<Endpoint.Family> families = RunCommand.families(line);
        SandboxSpec.Mode mode = RunCommand.mode(line.getOptionValue("netns", "fresh"));
        Preflight.require(mode == SandboxSpec.Mode.FRESH);

        Instant started = Instant.now();
        Optional<Path> runDir = RunCommand.runDir(line, started);
        try (SignalStop signal = SignalStop.install()) {
            Optional<DropTrace> trace = line.hasOption("no-drop-reasons") ? Optional.empty() : openTrace();
            try {
                return report(line, started, runDir, runAll(families, limit, threshold, windows, mode, runDir, signal, trace),
                        mode);
            } finally {
                trace.ifPresent(DropTrace::close);
            }
        }
    }

    /** The kernel's RSTs traced in a tracefs instance of finack's own, where this machine gives one. */
    private static Optional<DropTrace> openTrace() {
        try {
            return Optional.of(DropTrace.open());
        } catch (TraceInstance.Unavailable e) {
            return Optional.empty();
        }
    }

    private static List<LoopResult> runAll(List<Endpoint.Family> families, LoopSpec.Limit limit, Duration threshold,
                                           WindowBounds windows, SandboxSpec.Mode mode, Optional<Path> runDir,
                                           SignalStop signal, Optional<DropTrace> trace)
            throws CliException, IOException {
        List<LoopResult> results = new ArrayList<>();
        for (Endpoint.Family family : families) {
            if (signal.requested()) {
                break;
            }
            try (LoopProgress progress = LoopProgress.forTerminal(limit, family.toString())) {
                results.add(ReconnectLoop.run(new LoopSpec(family, limit, threshold, windows, mode), runDir, new LoopControl() {
                    @Override
                    public void progress(long connections, long elapsedNanos) {
                        progress.update(connections, elapsedNanos);
                    }

                    @Override
                    public boolean stopRequested() {
                        return signal.requested();
                    }
                }, trace.map(t -> (ResetSource) t::resetBefore)));
            } catch (SandboxException e) {
                throw new CliException(ExitStatus.ENVIRONMENT, ReconnectLoop.NAME + ": " + e.getMessage());
            }
        }
        return results;
    }

    private int report(CommandLine line, Instant started, Optional<Path> runDir, List<LoopResult> results,
                       SandboxSpec.Mode mode) throws IOException {
        String json = JsonReport.write(LoopReport.document(results, new JsonReport.RunContext(Main.VERSION,
                HostFacts.hostname(), HostFacts.kernelRelease().orElse("unknown"), started,
                mode.toString().toLowerCase(Locale.ROOT), OptionalDouble.empty())));
        RunCommand.writeReport(runDir, json);
        RunCommand.printReport(out, line, runDir, json, () -> LoopReport.text(results));
        // After a signal the JVM exits as soon as the report is out: it must be on its way.
        out.flush();
        return results.stream().allMatch(LoopResult::clean) ? ExitStatus.OK : ExitStatus.UNEXPECTED;
    }

    private static LoopSpec.Limit limit(CommandLine line) throws CliException {
        if (line.hasOption("connections") && line.hasOption("duration")) {
            throw new CliException(ExitStatus.USAGE, "--connections and --duration are alternatives; give one");
        }
        if (line.hasOption("duration")) {
            double seconds = decimal("--duration", line.getOptionValue("duration"));
            if (seconds <= 0) {
                throw new CliException(ExitStatus.USAGE, "--duration must be a number of seconds > 0, not '"
                        + line.getOptionValue("duration") + "'");
            }
            return new LoopSpec.Limit.Lasting(Duration.ofNanos((long) (seconds * 1e9)));
        }
        return new LoopSpec.Limit.Connections(
                whole("--connections", line.getOptionValue("connections", Long.toString(DEFAULT_CONNECTIONS)), 1, Integer.MAX_VALUE));
    }

    private static Duration threshold(String text) throws CliException {
        double ms = decimal("--threshold", text);
        if (ms < 0) {
            throw new CliException(ExitStatus.USAGE, "--threshold must be a number of milliseconds >= 0, not '" + text + "'");
        }
        return Duration.ofNanos((long) (ms * 1e6));
    }

    private static long whole(String option, String text, long min, long max) throws CliException {
        try {
            long n = Long.parseLong(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, option + " must be a whole number from " + min + " to " + max
                + ", not '" + text + "'");
    }

    private static double decimal(String option, String text) throws CliException {
        try {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, option + " must be a number, not '" + text + "'");
    }
}

package io.finack.cli;

import io.finack.analysis.PathFinding;
import io.finack.report.WatchReport;
import io.finack.watch.Evidence;
import io.finack.watch.Watch;
import io.finack.watch.WatchListener;
import io.finack.watch.WatchSpec;
import io.finack.watch.WatchSummary;
import io.finack.wire.CaptureOpenException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code finack watch [-i IFACE] [FILTER]}: the stale-ACK detector on a live capture, printing
 * each finding as it is decided and a summary every interval and on exit. SIGINT and SIGTERM
 * end it normally (status 0) after the last summary, its pcaps closed.
 */
final class WatchCommand implements Main.Command {
    /** How often the detector's clock moves on without frames and a due summary is looked for. */
    private static final Duration TICK = Duration.ofSeconds(1);

    private final PrintStream out;
    private final PrintStream err;

    WatchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("i").longOpt("interface").hasArg().argName("IFACE")
                .desc("the interface to capture on, in finack's network namespace (default lo; any: all of them)").get());
        o.addOption(Option.builder().longOpt("duration").hasArg().argName("S")
                .desc("stop after S seconds (default: run until SIGINT or SIGTERM)").get());
        o.addOption(Option.builder().longOpt("interval").hasArg().argName("S")
                .desc("print a summary line every S seconds (default " + WatchSpec.DEFAULT_INTERVAL.toSeconds() + ")").get());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("write a pcap window around each finding (" + Watch.WINDOW.framesBefore() + " frames before the frame "
                        + "that decided it, " + Watch.WINDOW.tailFrames() + " after or those within " + Watch.TAIL_WAIT.toSeconds()
                        + " s) into DIR").get());
        o.addOption(Option.builder().longOpt("max-evidence").hasArg().argName("MB")
                .desc("write at most MB MiB of window pcaps in all; later ones are counted, not written (default "
                        + (WatchSpec.DEFAULT_MAX_EVIDENCE_BYTES >> 20) + ")").get());
        o.addOption(Option.builder().longOpt("metrics").hasArg().argName("HOST:PORT")
                .desc("serve Prometheus metrics at http://HOST:PORT/metrics (:PORT: every address; port 0: any free one)").get());
        o.addOption(Option.builder().longOpt("json-lines")
                .desc("print one JSON object a line (finding, evidence, summary) instead of text").get());
        DetectorOptions.add(o);
        o.addOption(CommandHelp.help());
        return o;
    }

    @Override
    public int run(String[] args) throws CliException, ParseException, IOException, InterruptedException {
        CommandLine line = new DefaultParser().parse(options(), args);
        if (line.hasOption("help")) {
            return CommandHelp.print(out, "finack watch [-i IFACE] [--duration S] [--interval S] [--out DIR] [--max-evidence MB] "
                    + "[--metrics HOST:PORT] [--json-lines] [FILTER...]",
                    "Captures on one interface of this network namespace, read-only (needs CAP_NET_RAW alone), and "
                            + "prints each stale ACK -> RST -> SYN retry path, lost SYN or FIN_WAIT_2 meeting as it completes. "
                            + "FILTER is a BPF filter in tcpdump's syntax, run in the kernel.",
                    options(), "Exit status: 0 stopped by --duration, SIGINT or SIGTERM (after the last summary); "
                            + "2 bad usage: no such interface, a filter that does not compile, a metrics address that "
                            + "cannot be bound; 3 the capture cannot run (no CAP_NET_RAW, libpcap missing) or failed. "
                            + "Reference: docs/watch.md.");
        }
        DetectorOptions limits = DetectorOptions.of(line);
        Optional<String> filter = line.getArgList().isEmpty() ? Optional.empty() : Optional.of(String.join(" ", line.getArgList()));
        Optional<Duration> duration = line.hasOption("duration")
                ? Optional.of(seconds("--duration", line.getOptionValue("duration"))) : Optional.empty();
        Duration interval = line.hasOption("interval")
                ? seconds("--interval", line.getOptionValue("interval")) : WatchSpec.DEFAULT_INTERVAL;
        long maxEvidence = line.hasOption("max-evidence")
                ? DetectorOptions.positive(line.getOptionValue("max-evidence"), "--max-evidence", "MiB") << 20
                : WatchSpec.DEFAULT_MAX_EVIDENCE_BYTES;
        Optional<Path> dir = Optional.ofNullable(line.getOptionValue("out")).map(Path::of);
        if (dir.isPresent()) {
            // Made now: a folder that cannot be written fails here, not at the first finding.
            RunCommand.createOutputFolder(dir.get());
        }
        Optional<InetSocketAddress> metrics = line.hasOption("metrics")
                ? Optional.of(address(line.getOptionValue("metrics"))) : Optional.empty();
        WatchSpec spec = new WatchSpec(line.getOptionValue("interface", "lo"), filter, interval, dir, maxEvidence, metrics,
                limits.fastRetryLimit(), limits.idleTimeout(), limits.maxFlows());
        return watch(spec, duration, line.hasOption("json-lines"));
    }

    private int watch(WatchSpec spec, Optional<Duration> duration, boolean json) throws CliException, InterruptedException {
        WatchListener printer = new Printer(out, spec.device(), json);
        try (StopSignals signals = StopSignals.install()) {
            Watch watch;
            try {
                watch = Watch.start(spec, printer);
            } catch (CaptureOpenException e) {
                throw new CliException(e.kind() == CaptureOpenException.Kind.NO_SUCH_DEVICE
                        || e.kind() == CaptureOpenException.Kind.FILTER ? ExitStatus.USAGE : ExitStatus.ENVIRONMENT, e.getMessage());
            } catch (IOException e) {
                throw new CliException(ExitStatus.USAGE, "cannot serve metrics on " + spec.metrics().map(Object::toString).orElse("")
                        + ": " + e.getMessage());
            }
            try (watch) {
                err.println("finack watch: capturing on " + spec.device() + " (" + watch.linkTypeName() + ")"
                        + spec.filter().map(f -> ", filter '" + f + "'").orElse("")
                        + watch.metricsAddress().map(a -> ", metrics at http://" + hostPort(a) + "/metrics").orElse("")
                        + spec.evidenceDir().map(d -> ", evidence in " + d).orElse(""));
                long end = duration.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
                while (true) {
                    long left = end - System.nanoTime();
                    if (left <= 0 || signals.await(Duration.ofNanos(Math.min(left, TICK.toNanos())))) {
                        break;
                    }
                    watch.tick();
                }
                watch.stop();
            } catch (IOException e) {
                throw new CliException(ExitStatus.ENVIRONMENT, "the capture on " + spec.device() + " failed: " + e.getMessage());
            }
        }
        out.flush();
        return ExitStatus.OK;
    }

    private static Duration seconds(String option, String text) throws CliException {
        try {
            double s = Double.parseDouble(text);
            if (s > 0 && s <= 1e9) {
                return Duration.ofNanos(Math.round(s * 1e9));
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, option + " must be a number of seconds > 0, not '" + text + "'");
    }

    /** HOST:PORT, [IPv6]:PORT, or :PORT for every address. */
    static InetSocketAddress address(String text) throws CliException {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        String port = colon < 0 ? text : text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (colon < 0 || number < 0 || number > 65535) {
            throw new CliException(ExitStatus.USAGE, "--metrics takes HOST:PORT, [IPv6]:PORT or :PORT, not '" + text + "'");
        }
        try {
            return new InetSocketAddress(host.isEmpty() ? InetAddress.getByAddress(new byte[4]) : InetAddress.getByName(host), number);
        } catch (UnknownHostException e) {
            throw new CliException(ExitStatus.USAGE, "--metrics: unknown host '" + host + "'");
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Text or JSON lines on stdout, each flushed at once: a reader at the end of a pipe sees each finding as it comes. */
    private record Printer(PrintStream out, String device, boolean json) implements WatchListener {
        @Override
        public void finding(long epochNanos, PathFinding finding) {
            print(json ? WatchReport.findingJson(epochNanos, device, finding) : WatchReport.findingText(epochNanos, finding));
        }

        @Override
        public void evidence(Evidence evidence) {
            print(json ? WatchReport.evidenceJson(evidence) : WatchReport.evidenceText(evidence));
        }

        @Override
        public void summary(WatchSummary summary) {
            print(json ? WatchReport.summaryJson(summary) : WatchReport.summaryText(summary));
        }

        private void print(String line) {
            out.println(line);
            out.flush();
        }
    }
}

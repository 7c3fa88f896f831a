package io.finack.cli;

import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.StaleAckDetector;
import io.finack.ladder.LadderText;
import io.finack.ladder.Palette;
import io.finack.report.AnalysisHtml;
import io.finack.report.AnalysisReport;
import io.finack.report.JsonReport;
import io.finack.wire.CaptureFileException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code finack analyze FILE...}: finds the stale ACK -> RST -> SYN retry path in existing
 * captures. Each file is streamed once through a detector; the first file that cannot be read
 * ends the command with status 2 before anything is printed. What the reader stepped over
 * (with its byte offset) goes to stderr as a warning as well as into the report.
 */
final class AnalyzeCommand implements Main.Command {
    private final PrintStream out;
    private final PrintStream err;

    AnalyzeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(CommandHelp.json("print one JSON document instead of the text summary"));
        o.addOption(Option.builder().longOpt("fast-limit").hasArg().argName("MS")
                .desc("a SYN retry less than MS after the RST is FAST_RETRY, else RTO_RETRY (default "
                        + StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT.toMillis() + ")").get());
        o.addOption(Option.builder().longOpt("idle-timeout").hasArg().argName("S")
                .desc("forget a 4-tuple after S seconds of capture time without a frame (default "
                        + StaleAckDetector.DEFAULT_IDLE_TIMEOUT.toSeconds() + ")").get());
        o.addOption(Option.builder().longOpt("max-flows").hasArg().argName("N")
                .desc("follow at most N 4-tuples at once, dropping the longest idle (default "
                        + StaleAckDetector.DEFAULT_MAX_FLOWS + ")").get());
        o.addOption(Option.builder().longOpt("ladder")
                .desc("draw each finding's stale-ACK path as a ladder diagram below its line").get());
        o.addOption(Option.builder().longOpt("html").hasArg().argName("FILE")
                .desc("also write a self-contained HTML page: per file the counts, histograms and each finding's ladder").get());
        o.addOption(CommandHelp.help());
        return o;
    }

    @Override
    public int run(String[] args) throws CliException, ParseException, java.io.IOException {
        CommandLine line = new DefaultParser().parse(options(), args);
        if (line.hasOption("help")) {
            return CommandHelp.print(out, "finack analyze FILE... [--json] [--fast-limit MS] [--idle-timeout S] [--max-flows N] "
                    + "[--ladder] [--html FILE]",
                    "Finds the stale ACK -> RST -> SYN retry path in pcap or pcapng files and prints, per file, "
                            + "the verdict counts and the frames of every attempt that entered it, lost a SYN "
                            + "or met a socket in FIN_WAIT_2.",
                    options(), "Exit status: 0 every file was read, whatever was found; 2 bad usage, or a file that cannot be read "
                            + "(one line with the byte offset where reading stopped).");
        }
        if (line.getArgList().isEmpty()) {
            throw new CliException(ExitStatus.USAGE, "analyze needs at least one capture file");
        }
        Duration limit = fastLimit(line.getOptionValue("fast-limit"));
        Duration idle = line.hasOption("idle-timeout")
                ? Duration.ofSeconds(positive(line.getOptionValue("idle-timeout"), "--idle-timeout", "seconds"))
                : StaleAckDetector.DEFAULT_IDLE_TIMEOUT;
        int maxFlows = line.hasOption("max-flows")
                ? (int) Math.min(Integer.MAX_VALUE / 4, positive(line.getOptionValue("max-flows"), "--max-flows", "flows"))
                : StaleAckDetector.DEFAULT_MAX_FLOWS;
        Optional<Path> html = line.hasOption("html")
                ? Optional.of(OutputFile.writable(Path.of(line.getOptionValue("html")), "HTML page")) : Optional.empty();
        List<CaptureAnalysis> analyses = new ArrayList<>();
        for (String file : line.getArgList()) {
            try {
                CaptureAnalysis a = CaptureAnalysis.of(Path.of(file), limit, idle, maxFlows);
                a.warnings().forEach(w -> err.println("finack: warning: " + file + ": " + w));
                analyses.add(a);
            } catch (CaptureFileException e) {
                throw new CliException(ExitStatus.USAGE, file + ": " + e.reason());
            }
        }
        if (html.isPresent()) {
            AnalysisHtml.write(html.get(), analyses, Main.VERSION);
        }
        out.print(line.hasOption("json")
                ? JsonReport.write(AnalysisReport.document(analyses, Main.VERSION)) + "\n"
                : AnalysisReport.text(analyses, line.hasOption("ladder")
                        ? Optional.of(new LadderText(Palette.forStdout())) : Optional.empty()));
        html.filter(h -> !line.hasOption("json")).ifPresent(h -> out.println("html " + h));
        return ExitStatus.OK;
    }

    private static long positive(String text, String option, String unit) throws CliException {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, option + " must be a whole number of " + unit + " > 0, not '" + text + "'");
    }

    private static Duration fastLimit(String text) throws CliException {
        if (text == null) {
            return StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT;
        }
        try {
            double ms = Double.parseDouble(text);
            // Up to an hour; below a nanosecond the limit would round to nothing.
            if (ms <= 3_600_000 && Math.round(ms * 1e6) > 0) {
                return Duration.ofNanos(Math.round(ms * 1e6));
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, "--fast-limit must be a number of milliseconds > 0, not '" + text + "'");
    }
}

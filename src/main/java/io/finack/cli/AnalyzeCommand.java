package io.finack.cli;

import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.StaleAckDetector;
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

/**
 * {@code finack analyze FILE...}: finds the stale ACK -> RST -> SYN retry path in existing
 * captures. Each file is streamed once through a detector; the first file that cannot be read
 * ends the command with status 2 before anything is printed.
 */
final class AnalyzeCommand implements Main.Command {
    private final PrintStream out;

    AnalyzeCommand(PrintStream out) {
        this.out = out;
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(CommandHelp.json("print one JSON document instead of the text summary"));
        o.addOption(Option.builder().longOpt("fast-limit").hasArg().argName("MS")
                .desc("a SYN retry less than MS after the RST is FAST_RETRY, else RTO_RETRY (default "
                        + StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT.toMillis() + ")").get());
        o.addOption(CommandHelp.help());
        return o;
    }

    @Override
    public int run(String[] args) throws CliException, ParseException {
        CommandLine line = new DefaultParser().parse(options(), args);
        if (line.hasOption("help")) {
            return CommandHelp.print(out, "finack analyze FILE... [--json] [--fast-limit MS]",
                    "Finds the stale ACK -> RST -> SYN retry path in pcap or pcapng files and prints, per file, "
                            + "the verdict counts and the frames of every attempt that entered it.",
                    options(), "Exit status: 0 every file was read, whatever was found; 2 bad usage or an unreadable file.");
        }
        if (line.getArgList().isEmpty()) {
            throw new CliException(ExitStatus.USAGE, "analyze needs at least one capture file");
        }
        Duration limit = fastLimit(line.getOptionValue("fast-limit"));
        List<CaptureAnalysis> analyses = new ArrayList<>();
        for (String file : line.getArgList()) {
            try {
                analyses.add(CaptureAnalysis.of(Path.of(file), limit));
            } catch (CaptureFileException e) {
                throw new CliException(ExitStatus.USAGE, file + ": " + e.reason());
            }
        }
        out.print(line.hasOption("json")
                ? JsonReport.write(AnalysisReport.document(analyses, Main.VERSION)) + "\n"
                : AnalysisReport.text(analyses));
        return ExitStatus.OK;
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

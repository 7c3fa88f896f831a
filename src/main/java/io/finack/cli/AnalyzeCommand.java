package io.finack.cli;

import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.StreamAnalysis;
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

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code finack analyze FILE...}: finds the stale ACK -> RST -> SYN retry path in existing
 * captures. Each file is streamed once through a detector; the first file that cannot be read
 * ends the command with status 2 before anything is printed. What the reader stepped over
 * (with its byte offset) goes to stderr as a warning as well as into the report.
 *
 * <p>{@code finack analyze -} reads one capture from standard input as it arrives (a pipe from
 * {@code tcpdump -U -w -}): each finding's line is printed the moment the frame that decides it
 * arrives, and the counts when the stream ends. A stream cut mid-record still gets its findings
 * and counts, then the one-line fault and status 2.
 */
final class AnalyzeCommand implements Main.Command {
    /** The name standard input goes by, on the command line and in messages. */
    static final String STDIN = "-";

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    AnalyzeCommand(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(CommandHelp.json("print one JSON document instead of the text summary (for '-': once the stream ends)"));
        DetectorOptions.add(o);
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
            return CommandHelp.print(out, "finack analyze FILE...|- [--json] [--fast-limit MS] [--idle-timeout S] [--max-flows N] "
                    + "[--ladder] [--html FILE]",
                    "Finds the stale ACK -> RST -> SYN retry path in pcap or pcapng files and prints, per file, "
                            + "the verdict counts and the frames of every attempt that entered it, lost a SYN "
                            + "or met a socket in FIN_WAIT_2. '-' reads one capture from standard input as it "
                            + "arrives (tcpdump -U -w - | finack analyze -), printing each finding as soon as it is complete. "
                            + "Formats: pcap (either byte order, us or ns) and pcapng; Ethernet, Linux cooked v1/v2, raw IP, "
                            + "NULL and LOOP; memory stays bounded whatever the file's size.",
                    options(), "Exit status: 0 every file (or the stream) was read to its end, whatever was found; 2 bad usage, "
                            + "a file that cannot be read, or a stream that is not a capture or is cut mid-record "
                            + "(one line with the byte offset where reading stopped; a cut stream's findings come first). "
                            + "Reference: docs/analyze.md.");
        }
        if (line.getArgList().isEmpty()) {
            throw new CliException(ExitStatus.USAGE, "analyze needs at least one capture file, or '-' for standard input");
        }
        DetectorOptions limits = DetectorOptions.of(line);
        if (line.getArgList().contains(STDIN)) {
            if (line.getArgList().size() > 1 || line.hasOption("html") || line.hasOption("ladder")) {
                throw new CliException(ExitStatus.USAGE, "analyze - reads standard input alone: no other file, --html or --ladder with it");
            }
            return stream(limits, line.hasOption("json"));
        }
        Optional<Path> html = line.hasOption("html")
                ? Optional.of(OutputFile.writable(Path.of(line.getOptionValue("html")), "HTML page")) : Optional.empty();
        List<CaptureAnalysis> analyses = new ArrayList<>();
        for (String file : line.getArgList()) {
            try {
                CaptureAnalysis a = CaptureAnalysis.of(Path.of(file), limits.fastRetryLimit(), limits.idleTimeout(), limits.maxFlows());
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

    /** Standard input, findings printed as they come (text), the counts or the document at its end. */
    private int stream(DetectorOptions limits, boolean json) throws CliException {
        StreamAnalysis s = CaptureAnalysis.of(in, Path.of(STDIN), limits.fastRetryLimit(), limits.idleTimeout(),
                limits.maxFlows(), f -> {
                    if (!json) {
                        out.println("  " + AnalysisReport.line(f));
                        out.flush();
                    }
                });
        CaptureAnalysis a = s.analysis();
        a.warnings().forEach(w -> err.println("finack: warning: " + STDIN + ": " + w));
        // A stream that never showed a record is no capture: its fault is all there is to say.
        if (s.fault().isPresent() && a.frames() == 0) {
            throw new CliException(ExitStatus.USAGE, STDIN + ": " + s.fault().get().reason());
        }
        out.print(json ? JsonReport.write(AnalysisReport.document(List.of(a), Main.VERSION)) + "\n" : AnalysisReport.summary(a));
        out.flush();
        if (s.fault().isPresent()) {
            throw new CliException(ExitStatus.USAGE, STDIN + ": " + s.fault().get().reason()
                    + " (the stream was cut: what came before it is reported above)");
        }
        return ExitStatus.OK;
    }
}

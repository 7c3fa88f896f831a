package io.finack.cli;

import io.finack.report.JsonReport;
import io.finack.report.MergeReport;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code finack merge REPORT...}: many {@code report.json} files of {@code finack run} (one a
 * node of a fleet) as one table, and which nodes take the 1 s path and which the fast retry.
 * The first report that cannot be read ends the command with status 2 before anything is printed.
 */
final class MergeCommand implements Main.Command {
    private final PrintStream out;

    MergeCommand(PrintStream out) {
        this.out = out;
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(CommandHelp.json("print the merged table as one JSON document"));
        o.addOption(CommandHelp.help());
        return o;
    }

    @Override
    public int run(String[] args) throws CliException, ParseException {
        CommandLine line = new DefaultParser().parse(options(), args);
        if (line.hasOption("help")) {
            return CommandHelp.print(out, "finack merge REPORT... [--json]",
                    "Merges report.json files written by 'finack run --json' or '--out DIR' (one a node) into one table: "
                            + "per report its hostname, kernel release and each experiment's verdict and RST -> retry time; "
                            + "then which nodes take the 1 s path (" + MergeReport.PATH_EXPERIMENT
                            + " RTO_RETRY) and which the fast retry (FAST_RETRY).",
                    options(), "Exit status: 0 every report was read, whatever it says; 2 bad usage or a report that "
                            + "is missing, not JSON or of an unknown schema. Reference: docs/containers.md (fleet audit).");
        }
        if (line.getArgList().isEmpty()) {
            throw new CliException(ExitStatus.USAGE, "merge needs at least one report.json");
        }
        List<MergeReport.Node> nodes = new ArrayList<>();
        for (String file : line.getArgList()) {
            try {
                nodes.add(MergeReport.read(Path.of(file)));
            } catch (MergeReport.BadReport e) {
                throw new CliException(ExitStatus.USAGE, file + ": " + e.reason());
            }
        }
        out.print(line.hasOption("json")
                ? JsonReport.write(MergeReport.document(nodes, Main.VERSION)) + "\n"
                : MergeReport.text(nodes));
        return ExitStatus.OK;
    }
}

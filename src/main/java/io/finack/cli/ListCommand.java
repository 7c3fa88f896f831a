package io.finack.cli;

import io.finack.experiment.Experiment;
import io.finack.loop.ReconnectLoop;
import io.finack.race.RaceExperiment;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.util.Locale;

/** {@code finack list}: the built-in experiments, one a line, then the race and the reconnect loop. */
final class ListCommand implements Main.Command {
    /** Name, what the experiment expects, its summary. */
    private static final String LINE = "%-28s expects %-19s %s%n";

    private final PrintStream out;

    ListCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public int run(String[] args) throws CliException {
        if (args.length == 1 && CommandHelp.isHelp(args[0])) {
            return CommandHelp.print(out, "finack list",
                    "Lists the built-in experiments, one a line: its name, what it expects, what it does; then the "
                            + "race and the reconnect loop. 'finack show NAME' prints one's script (docs/run.md).",
                    new Options().addOption(CommandHelp.help()), "Exit status: 0.");
        }
        if (args.length > 0) {
            throw new CliException(ExitStatus.USAGE, "list takes no arguments");
        }
        for (Experiment e : Experiments.builtins()) {
            out.printf(Locale.ROOT, LINE, e.name(), e.expected().brief(), e.summary());
        }
        out.printf(Locale.ROOT, LINE, RaceExperiment.NAME, "a hit rate", RaceExperiment.SUMMARY);
        out.printf(Locale.ROOT, LINE, ReconnectLoop.NAME, "no spike", ReconnectLoop.SUMMARY);
        return ExitStatus.OK;
    }
}

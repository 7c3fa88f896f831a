package io.finack.cli;

import io.finack.loop.ReconnectLoop;
import io.finack.experiment.Experiment;
import io.finack.ladder.LadderText;
import io.finack.ladder.Ladders;
import io.finack.ladder.Palette;
import io.finack.race.ClosingSegment;
import io.finack.race.RaceExperiment;
import io.finack.script.BuiltinScripts;
import io.finack.tcp.Endpoint;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintStream;

/**
 * {@code finack show NAME [--ipv6] [--ladder]}: a built-in experiment's script, as shipped in
 * the jar (one script serves both families), then with {@code --ladder} the exchange it expects
 * as a ladder diagram; or the race's or the reconnect loop's description for a family.
 */
final class ShowCommand implements Main.Command {
    private final PrintStream out;

    ShowCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public int run(String[] args) throws CliException {
        boolean ipv6 = false;
        boolean ladder = false;
        String name = null;
        for (String a : args) {
            if (CommandHelp.isHelp(a)) {
                return CommandHelp.print(out, "finack show NAME [--ipv6] [--ladder]",
                        "Prints a built-in experiment's script as shipped in the jar, in packetdrill's notation ('<' "
                                + "injected by finack, '>' expected from the kernel; the kernel's numbers relative to its "
                                + "ISN, finack's literal); for race and reconnect-loop, one iteration's calls "
                                + "(docs/run.md, docs/script-language.md).",
                        new Options().addOption(CommandHelp.help())
                                .addOption(Option.builder().longOpt("ipv6").desc("the IPv6 addresses (one script serves both families)").get())
                                .addOption(Option.builder().longOpt("ladder").desc("then draw the exchange the script expects as a ladder diagram").get()),
                        "Exit status: 0, or 2 for an unknown name (see: finack list).");
            }
            if (a.equals("--ipv6")) {
                ipv6 = true;
            } else if (a.equals("--ladder")) {
                ladder = true;
            } else if (name == null && !a.startsWith("-")) {
                name = a;
            } else {
                throw new CliException(ExitStatus.USAGE, "show takes one experiment name and optionally --ipv6 and --ladder");
            }
        }
        if (name == null) {
            throw new CliException(ExitStatus.USAGE, "show needs an experiment name (see: finack list)");
        }
        Endpoint.Family family = ipv6 ? Endpoint.Family.IPV6 : Endpoint.Family.IPV4;
        if (name.equals(RaceExperiment.NAME)) {
            out.println("// " + RaceExperiment.NAME + ": " + RaceExperiment.SUMMARY);
            out.println("// run with: " + RaceCommand.USAGE);
            out.print(RaceExperiment.render(family, ClosingSegment.FIN, 0, 1));
            return ExitStatus.OK;
        }
        if (name.equals(ReconnectLoop.NAME)) {
            out.println("// " + ReconnectLoop.NAME + ": " + ReconnectLoop.SUMMARY);
            out.print(ReconnectLoop.describe(family));
            return ExitStatus.OK;
        }
        Experiment e = Experiments.named(name);
        // Every built-in is a shipped script.
        out.print(BuiltinScripts.text(e.name()).orElseThrow());
        if (ladder) {
            out.println();
            out.print(new LadderText(Palette.forStdout()).render(Ladders.ofPlan(e.plan(family))));
        }
        return ExitStatus.OK;
    }
}

package io.finack.cli;

import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.io.PrintWriter;

/** What every subcommand's options share: {@code --help}, {@code --json}, and the help page's layout. */
final class CommandHelp {
    private static final int WIDTH = 100;

    private CommandHelp() {
    }

    static Option help() {
        return Option.builder("h").longOpt("help").desc("this help").get();
    }

    /** Whether a word asks for help: -h or --help. */
    static boolean isHelp(String arg) {
        return arg.equals("-h") || arg.equals("--help");
    }

    static Option json(String description) {
        return Option.builder().longOpt("json").desc(description).get();
    }

    /** Prints a subcommand's help page: usage, what it does, its options, its exit statuses. */
    static int print(PrintStream out, String usage, String header, Options options, String exitStatuses) {
        new HelpFormatter().printHelp(new PrintWriter(out, true), WIDTH, usage, header, options, 2, 4, exitStatuses);
        return ExitStatus.OK;
    }
}

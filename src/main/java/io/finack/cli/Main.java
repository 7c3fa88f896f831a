package io.finack.cli;

import org.apache.commons.cli.ParseException;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code finack} command. Every failure ends in one line on stderr and a documented exit
 * status, never a stack trace (set FINACK_DEBUG=1 to see one).
 */
public final class Main {
    static final String VERSION = "0.1.0";
    private static final String USAGE = """
            usage: finack COMMAND [OPTIONS]
              run [NAME ...]   run experiments (no name: the built-in suite)
              run reconnect-loop  the kernel's reconnect loop: connect latency and its slow connections
              packetdrill [OPTION...] SCRIPT|FOLDER...  run packetdrill's scripts as packetdrill does, on tun0
              list             list the built-in experiments
              show NAME        print an experiment's plan, step by step
              analyze FILE...  find the stale ACK -> RST -> SYN retry path in pcap/pcapng files ('-': stdin)
              watch [FILTER]   find it live on an interface (-i IFACE, default lo), with metrics and evidence pcaps
              merge REPORT...  many nodes' report.json in one table: the 1 s path or the fast retry
              doctor           check privileges, libpcap, nft and the kernel, with a fix for each gap
              help             this text; 'finack COMMAND --help' for a command's options
            exit status: 0 all expectations met (analyze, merge: every file was read; watch: stopped), 1 the kernel did
                         something unexpected, 2 bad usage or input, 3 the environment cannot run
                         experiments""";

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    Main(PrintStream out, PrintStream err) {
        this(out, err, new FileInputStream(FileDescriptor.in));
    }

    /** With {@code in} as standard input ({@code analyze -} reads it). */
    Main(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public static void main(String[] args) {
        int status = new Main(System.out, System.err).execute(args);
        System.out.flush();
        System.exit(status);
    }

    int execute(String[] args) {
        if (args.length == 0) {
            err.println(USAGE);
            return ExitStatus.USAGE;
        }
        if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return ExitStatus.OK;
        }
        if (args[0].equals("--version")) {
            out.println("finack " + VERSION);
            return ExitStatus.OK;
        }
        Map<String, Command> commands = Map.of(
                "run", new RunCommand(out, err),
                "list", new ListCommand(out),
                "show", new ShowCommand(out),
                "doctor", new DoctorCommand(out),
                "analyze", new AnalyzeCommand(out, err, in),
                "watch", new WatchCommand(out, err),
                "merge", new MergeCommand(out),
                PacketdrillCommand.NAME, new PacketdrillCommand(out, err));
        Command command = commands.get(args[0]);
        try {
            if (command == null) {
                throw new CliException(ExitStatus.USAGE, "unknown command '" + args[0] + "' (try: finack help)");
            }
            return command.run(Arrays.copyOfRange(args, 1, args.length));
        } catch (CliException e) {
            err.println("finack: " + e.getMessage());
            return e.status();
        } catch (ParseException e) {
            err.println("finack " + args[0] + ": " + e.getMessage() + " (try: finack " + args[0] + " --help)");
            return ExitStatus.USAGE;
        } catch (LinkageError e) {
            debug(e);
            err.println("finack: libpcap or libc could not be loaded (" + e.getMessage()
                    + "); install libpcap0.8 (apt-get install -y libpcap0.8)");
            return ExitStatus.ENVIRONMENT;
        } catch (Exception e) {
            debug(e);
            err.println("finack: " + e.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
            return ExitStatus.ENVIRONMENT;
        }
    }

    private void debug(Throwable t) {
        if ("1".equals(System.getenv("FINACK_DEBUG"))) {
            t.printStackTrace(err);
        }
    }

    /** One subcommand. */
    interface Command {
        int run(String[] args) throws CliException, ParseException, Exception;
    }
}

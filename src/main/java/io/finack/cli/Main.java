package io.finack.cli;

import org.apache.commons.cli.ParseException;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code finack} command. Every failure ends in one line on stderr and a documented exit
 * status, never a stack trace (set FINACK_DEBUG=1 to see one).
 */
public final class Main {
    static final String VERSION = "0.1.0";
    private static final String USAGE = """
            usage: finack COMMAND [OPTIONS]
            finack injects TCP segments against the live Linux kernel, in a network namespace it makes,
            and says which path the kernel took: the stale ACK -> RST -> SYN retry of the FIN/ACK latency
            spike, fast (~2 jiffies, the fix) or after 1 s; with timings and a pcap of everything.
              run [NAME|FILE.pkt ...]  run experiments: no name, the built-in suite; FILE.pkt, a script in
                                       packetdrill's notation (docs/run.md, docs/script-language.md)
              run race                 the ACK and the FIN/ACK from two CPUs at once, against a sequential
                                       control: the original race (docs/race.md)
              run reconnect-loop       the kernel's reconnect loop: connect latency and its slow connections
                                       (docs/reconnect-loop.md)
              packetdrill [OPTION...] SCRIPT|FOLDER...
                                       run packetdrill's scripts as packetdrill does, on tun0
                                       (docs/packetdrill-compatibility.md)
              list                     list the built-in experiments
              show NAME                print an experiment's script; --ladder: the exchange it expects
              analyze FILE...          find the stale ACK -> RST -> SYN retry path in pcap/pcapng files
                                       ('-': a capture stream on stdin) (docs/analyze.md)
              watch [FILTER]           find it live on an interface (-i IFACE, default lo), with metrics and
                                       evidence pcaps (docs/watch.md)
              merge REPORT...          many nodes' report.json in one table: the 1 s path or the fast retry
                                       (docs/containers.md)
              doctor                   check privileges, libpcap, nft and the kernel, with a fix for each gap
              help                     this text; 'finack COMMAND --help' for a command's options
            files: each run writes a pcap per experiment and report.json to captures/<UTC start>/
                   (--out DIR for another folder, --no-pcap for none); --json prints the report
                   (docs/json.md)
            exit status: 0 all expectations met (analyze, merge: every file was read; watch: stopped), 1 the
                         kernel did something unexpected, 2 bad usage or input, 3 the environment cannot
                         run experiments (finack doctor says what is missing)""";

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
        NativeLibraryPath.install();
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
                throw new CliException(ExitStatus.USAGE, "unknown command '" + args[0] + "'"
                        + nearest(args[0], commands.keySet()).map(n -> "; did you mean '" + n + "'?").orElse("")
                        + " (try: finack help)");
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

    /** The known name nearest to a mistyped one, when it is near enough to be what was meant. */
    static Optional<String> nearest(String typed, Collection<String> known) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        // Two edits, or a third of the word: "anlyze", "merg", "doctr", but not "bogus" -> "doctor".
        int limit = Math.max(2, typed.length() / 3);
        return known.stream().sorted()
                .min(Comparator.comparingInt((String k) -> distance.apply(typed.toLowerCase(Locale.ROOT), k)))
                .filter(k -> distance.apply(typed.toLowerCase(Locale.ROOT), k) <= limit);
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

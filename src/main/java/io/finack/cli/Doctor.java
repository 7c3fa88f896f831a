package io.finack.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLibrary;
import io.finack.kernel.KernelSocket;
import io.finack.kernel.Libc;
import io.finack.kernel.NetCounters;
import io.finack.kernel.SockDiag;
import io.finack.kernel.SyscallException;
import io.finack.sandbox.TraceInstance;
import io.finack.tcp.Endpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * {@code finack doctor}: whether this machine can run experiments, and what its kernel will
 * show. Every check returns a {@link Check}, never throws: a missing library or privilege is
 * a finding to report, not a crash. The parsing is kept in static methods over plain inputs
 * so it is testable without the files of any particular machine.
 */
public final class Doctor {
    public enum Status { OK, WARN, FAIL }

    /**
     * One finding. {@code name} is a stable identifier (scripts may match on it), {@code fix}
     * a concrete command or action, null when there is nothing to do (and then left out of JSON).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Check(String name, Status status, String detail, String fix) {
        static Check ok(String name, String detail) {
            return new Check(name, Status.OK, detail, null);
        }
    }

    private record Capability(String name, int bit, String neededFor) { }

    // Bit numbers from linux/capability.h.
    private static final List<Capability> CAPABILITIES = List.of(
            new Capability("CAP_SYS_ADMIN", 21, "unshare a fresh network namespace per experiment"),
            new Capability("CAP_NET_ADMIN", 12, "set the namespace's sysctls and load its nft table"),
            new Capability("CAP_NET_RAW", 13, "capture and inject frames on lo through libpcap"));

    private static final String FIX_COMMIT = "9603d47bad46 \"tcp: Reduce SYN resend delay if a suspicous ACK is received\"";
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");

    private Doctor() {
    }

    /** Runs every check, in the order they are printed. */
    public static List<Check> run() {
        List<Check> checks = new ArrayList<>(requirements());
        checks.add(checks.size() - 1, python(System.getenv()));
        Optional<String> release = HostFacts.kernelRelease();
        checks.add(kernel(release));
        checks.add(hz(configHz(release)));
        checks.add(synLinearTimeouts(
                readLines(Path.of("/proc/sys/net/ipv4/tcp_syn_linear_timeouts")).stream().findFirst()));
        checks.addAll(kernelAccount());
        return List.copyOf(checks);
    }

    /**
     * The checks that can fail, the ones experiments need (capabilities, libpcap, nft, netns),
     * in the order {@link #run} prints them. The others only warn, and some cost a run's
     * start-up tens of milliseconds (a trace instance, a namespace probed for its counters, the
     * kernel's gzipped config), so experiments' preflight runs these alone.
     */
    static List<Check> requirements() {
        // The namespace probe runs on its own thread anyway: it goes on while libpcap loads.
        java.util.function.Supplier<Check> netns = netns();
        List<Check> checks = new ArrayList<>(capabilities(capEff(readLines(Path.of("/proc/self/status")))));
        checks.add(libpcap("pcap"));
        checks.add(nft(System.getenv("PATH")));
        checks.add(netns.get());
        return checks;
    }

    /** {@link #ExitStatus.ENVIRONMENT} when any check failed, else 0: a warning does not stop experiments. */
    public static int exitStatus(List<Check> checks) {
        return checks.stream().anyMatch(c -> c.status() == Status.FAIL) ? ExitStatus.ENVIRONMENT : 0;
    }

    /** One aligned line per check; a fix goes on the next line, indented. Ends with a newline. */
    public static String render(List<Check> checks) {
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Check c : checks) {
            out.append(String.format("%-4s  %-" + width + "s  %s%n", c.status(), c.name(), c.detail()));
            if (c.fix() != null) {
                out.append(String.format("      fix: %s%n", c.fix()));
            }
        }
        return out.toString();
    }

    // --- capabilities

    /** The CapEff mask from the lines of /proc/self/status; empty when absent or malformed. */
    static OptionalLong capEff(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("CapEff:")) {
                try {
                    return OptionalLong.of(Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    static List<Check> capabilities(OptionalLong capEff) {
        List<Check> checks = new ArrayList<>();
        for (Capability cap : CAPABILITIES) {
            String fix = "run as root (sudo), or give the container --cap-add " + cap.name().substring("CAP_".length());
            if (capEff.isEmpty()) {
                checks.add(new Check(cap.name(), Status.FAIL,
                        "cannot read CapEff from /proc/self/status; needed to " + cap.neededFor(), fix));
            } else if ((capEff.getAsLong() & (1L << cap.bit())) != 0) {
                checks.add(Check.ok(cap.name(), "effective: can " + cap.neededFor()));
            } else {
                checks.add(new Check(cap.name(), Status.FAIL, "missing: needed to " + cap.neededFor(), fix));
            }
        }
        return checks;
    }

    // --- libraries and tools

    /**
     * Loads {@code libraryName} through JNA, as pcap4j does, and asks its version. Also
     * requires the two calls finack cannot do without (libpcap 1.5+): immediate mode, without
     * which frames wait in the kernel ring, and nanosecond timestamps.
     */
    static Check libpcap(String libraryName) {
        String fix = "apt-get install -y libpcap0.8";
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(libraryName);
        } catch (LinkageError e) {
            // UnsatisfiedLinkError, or JNA's own native stub failing to load (NoClassDefFoundError).
            return new Check("libpcap", Status.FAIL, "cannot load lib" + libraryName + ": " + oneLine(e.getMessage()), fix);
        }
        String where = lib.getFile() == null ? libraryName : lib.getFile().toString();
        try {
            String version = lib.getFunction("pcap_lib_version").invokeString(new Object[0], false);
            lib.getFunction("pcap_set_immediate_mode");
            lib.getFunction("pcap_set_tstamp_precision");
            return Check.ok("libpcap", version + " (" + where + ")");
        } catch (UnsatisfiedLinkError e) {
            return new Check("libpcap", Status.FAIL,
                    where + " is too old: " + oneLine(e.getMessage()) + " (libpcap 1.5 or newer is needed)", fix);
        }
    }

    /**
     * The Python 3 interpreter of scripts' python blocks: a warning when there is none, since
     * only scripts with python blocks need it (and refuse to run without it).
     */
    static Check python(java.util.Map<String, String> environment) {
        try {
            return Check.ok("python3", io.finack.python.PythonInterpreter.locate(environment).executable()
                    + " (for scripts' python blocks)");
        } catch (io.finack.python.PythonInterpreter.MissingException e) {
            return new Check("python3", Status.WARN, e.getMessage(), "sudo scripts/setup, or apt-get install -y python3");
        }
    }

    /** {@code nft} on {@code path} (a PATH value, may be null): finack runs it to load its table. */
    static Check nft(String path) {
        for (String dir : path == null ? new String[0] : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nft"))) {
                return Check.ok("nft", Path.of(dir, "nft").toString());
            }
        }
        // Debian puts nft in /usr/sbin, which an ordinary user's PATH lacks.
        if (Files.isExecutable(Path.of("/usr/sbin/nft"))) {
            return new Check("nft", Status.FAIL, "/usr/sbin/nft is not on PATH", "export PATH=\"$PATH:/usr/sbin\"");
        }
        return new Check("nft", Status.FAIL, "not found on PATH", "apt-get install -y nftables");
    }

    /**
     * Starts trying unshare(CLONE_NEWNET) on a thread of its own (unshare moves only the calling
     * thread, and the namespace goes away when that thread ends, so nothing is left behind);
     * the supplier waits for the finding.
     */
    static java.util.function.Supplier<Check> netns() {
        AtomicReference<Check> result = new AtomicReference<>();
        Runnable probe = () -> {
            try {
                Libc.C.unshare(Libc.CLONE_NEWNET);
                result.set(Check.ok("netns", "unshare(CLONE_NEWNET) works"));
            } catch (LastErrorException e) {
                String fix = e.getErrorCode() == 1 // EPERM: no CAP_SYS_ADMIN, or a seccomp filter
                        ? "run as root (sudo); in a container add --cap-add SYS_ADMIN (Docker's seccomp profile allows unshare only with it)"
                        : "use a kernel built with CONFIG_NET_NS=y";
                result.set(new Check("netns", Status.FAIL, Libc.describe("unshare(CLONE_NEWNET)", e), fix));
            } catch (RuntimeException | LinkageError e) {
                // JNA could not load its native part or libc: then no experiment can run either.
                result.set(new Check("netns", Status.FAIL, "cannot call unshare through JNA: " + oneLine(e.toString()),
                        "let JNA unpack its native part: java.io.tmpdir must be writable and not mounted noexec"));
            }
        };
        Thread t = started("doctor-netns-probe", probe);
        return () -> joined(t) ? result.get()
                : new Check("netns", Status.FAIL, "interrupted while probing unshare(CLONE_NEWNET)", "run finack doctor again");
    }

    // --- kernel

    /** The major and minor numbers of a kernel release such as "6.18.44-fc-v782". */
    record Release(int major, int minor) {
        /** Empty when {@code release} does not start with MAJOR.MINOR. */
        static Optional<Release> parse(String release) {
            Matcher m = RELEASE.matcher(release);
            return m.find() ? Optional.of(new Release(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                    : Optional.empty();
        }

        boolean atLeast(int major, int minor) {
            return this.major != major ? this.major > major : this.minor >= minor;
        }
    }

    static Check kernel(Optional<String> release) {
        Optional<Release> version = release.flatMap(Release::parse);
        if (version.isEmpty()) {
            return new Check("kernel", Status.WARN,
                    "cannot tell the release (" + release.orElse("/proc/sys/kernel/osrelease unreadable")
                            + "), so not whether it has " + FIX_COMMIT + " (Linux 5.6)",
                    "check uname -r: 5.6 or newer has the fast SYN retry");
        }
        if (version.get().atLeast(5, 6)) {
            return Check.ok("kernel", "Linux " + release.get() + ": 5.6 or newer, has " + FIX_COMMIT);
        }
        return new Check("kernel", Status.WARN,
                "Linux " + release.get() + " is older than 5.6, which brought " + FIX_COMMIT
                        + ": unless the distribution backported it, a SYN answered by a stale ACK is re-sent"
                        + " only after the 1 s initial RTO (RTO_RETRY where a newer kernel shows FAST_RETRY)",
                "nothing to fix to measure this kernel; run on Linux 5.6 or newer to see the fast retry");
    }

    /** CONFIG_HZ from /proc/config.gz, else from Debian's /boot/config-RELEASE; empty when neither says. */
    static OptionalInt configHz(Optional<String> release) {
        try {
            Path proc = Path.of("/proc/config.gz");
            if (Files.isReadable(proc)) {
                try (InputStream in = Files.newInputStream(proc)) {
                    return configHz(in);
                }
            }
            Optional<Path> boot = release.map(r -> Path.of("/boot/config-" + r)).filter(Files::isReadable);
            if (boot.isPresent()) {
                try (BufferedReader in = Files.newBufferedReader(boot.get(), StandardCharsets.UTF_8)) {
                    return configHz(in);
                }
            }
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }

    /** CONFIG_HZ from a gzipped kernel config, as /proc/config.gz holds it. */
    static OptionalInt configHz(InputStream gzipped) throws IOException {
        return configHz(new BufferedReader(new InputStreamReader(new GZIPInputStream(gzipped), StandardCharsets.UTF_8)));
    }

    /** CONFIG_HZ from a plain kernel config: the {@code CONFIG_HZ=N} line, not the {@code CONFIG_HZ_N=y} choices. */
    static OptionalInt configHz(BufferedReader config) throws IOException {
        String line;
        while ((line = config.readLine()) != null) {
            if (line.startsWith("CONFIG_HZ=")) {
                try {
                    return OptionalInt.of(Integer.parseInt(line.substring("CONFIG_HZ=".length()).trim()));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    /** TCP_TIMEOUT_MIN, the fast SYN retry's delay, is 2 jiffies. */
    static String fastRetryMillis(int hz) {
        double ms = 2000.0 / hz;
        return ms == Math.rint(ms) ? String.format("%d ms", (long) ms) : String.format("%.1f ms", ms);
    }

    static Check hz(OptionalInt hz) {
        if (hz.isEmpty()) {
            return new Check("CONFIG_HZ", Status.WARN,
                    "unknown (no /proc/config.gz or /boot/config-RELEASE): the fast SYN retry is 2 jiffies, "
                            + fastRetryMillis(1000) + " at HZ=1000, " + fastRetryMillis(250) + " at HZ=250",
                    "modprobe configs (makes /proc/config.gz) to let finack read it");
        }
        return Check.ok("CONFIG_HZ", hz.getAsInt() + ": the fast SYN retry (2 jiffies) comes about "
                + fastRetryMillis(hz.getAsInt()) + " after the RST");
    }

    /**
     * net.ipv4.tcp_syn_linear_timeouts as the machine's own namespace has it. The sysctl is per
     * namespace and a new namespace starts at the kernel's default (measured: a value set in one
     * namespace is not inherited by a namespace made from it), so a fresh sandbox ignores it.
     */
    static Check synLinearTimeouts(Optional<String> value) {
        if (value.isEmpty()) {
            return Check.ok("tcp_syn_linear_timeouts",
                    "absent (older kernel): SYN retransmission timeouts double from 1 s (1, 2, 4 s ...)");
        }
        return Check.ok("tcp_syn_linear_timeouts", value.get().trim()
                + " in this namespace: that many SYN retries wait the 1 s initial RTO before exponential backoff"
                + " (a fresh namespace starts at the kernel's default)");
    }

    /**
     * Runs {@code probe} on a daemon thread of its own and waits for it: unshare moves only the
     * calling thread, and the namespace goes away with it. False when interrupted while waiting.
     */
    private static boolean onThreadOfItsOwn(String name, Runnable probe) {
        return joined(started(name, probe));
    }

    private static Thread started(String name, Runnable probe) {
        Thread t = new Thread(probe, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** False when interrupted while waiting. */
    private static boolean joined(Thread t) {
        try {
            t.join();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- the kernel's own account (docs/kernel-account.md)

    /**
     * Which of the three parts of the kernel's account this machine gives: the namespace's
     * counters, sock_diag's tcp_info, drop reasons from tracefs. Probed in a namespace (and for
     * tracefs an instance) of the probe's own, undone before the check returns. None is needed to
     * run experiments: a missing one is a warning, and runs go on without it.
     */
    static List<Check> kernelAccount() {
        List<Check> checks = new ArrayList<>();
        AtomicReference<Check> counters = new AtomicReference<>();
        AtomicReference<Check> tcpInfo = new AtomicReference<>();
        onThreadOfItsOwn("doctor-account-probe", () -> {
            try {
                Libc.C.unshare(Libc.CLONE_NEWNET);
            } catch (LastErrorException | LinkageError e) {
                String why = e instanceof LastErrorException le ? Libc.describe("unshare(CLONE_NEWNET)", le) : e.toString();
                counters.set(new Check("counters", Status.WARN, "not probed: " + why, "see the netns check"));
                tcpInfo.set(new Check("tcp_info", Status.WARN, "not probed: " + why, "see the netns check"));
                return;
            }
            counters.set(counters());
            tcpInfo.set(tcpInfo());
        });
        checks.add(counters.get() != null ? counters.get()
                : new Check("counters", Status.WARN, "probe interrupted", "run finack doctor again"));
        checks.add(tcpInfo.get() != null ? tcpInfo.get()
                : new Check("tcp_info", Status.WARN, "probe interrupted", "run finack doctor again"));
        checks.add(dropReasons());
        return checks;
    }

    private static Check counters() {
        try {
            int n = NetCounters.read().values().size();
            return Check.ok("counters", n + " SNMP and netstat counters of the experiment's namespace "
                    + "(/proc/thread-self/net/snmp, netstat, snmp6): runs report the ones that moved");
        } catch (IOException | RuntimeException e) {
            return new Check("counters", Status.WARN, "cannot read /proc/thread-self/net: " + oneLine(e.toString())
                    + "; runs go on without counters", "mount /proc (procfs) in the container");
        }
    }

    private static Check tcpInfo() {
        try (SockDiag diag = SockDiag.open();
             KernelSocket listener = KernelSocket.open(Endpoint.Family.IPV4)) {
            listener.listen(1);
            boolean given = diag.dump().stream().anyMatch(s -> s.tcpInfo().isPresent());
            return given ? Check.ok("tcp_info", "sock_diag returns each socket's tcp_info (INET_DIAG_INFO): "
                    + "states come with rto, backoff, retransmits, probes, cwnd, rtt, unacked")
                    : new Check("tcp_info", Status.WARN, "sock_diag returns no tcp_info; states are shown without it",
                    "nothing to fix for experiments; a kernel with inet_diag's INET_DIAG_INFO shows it");
        } catch (SyscallException | RuntimeException e) {
            return new Check("tcp_info", Status.WARN, "sock_diag: " + oneLine(e.getMessage())
                    + "; states are shown without tcp_info", "load the inet_diag and tcp_diag modules (modprobe tcp_diag)");
        }
    }

    /** Makes and removes a tracefs instance of finack's own, as a run would. */
    static Check dropReasons() {
        try {
            TraceInstance instance = TraceInstance.open(List.of("skb/kfree_skb"),
                    Map.of());
            String where = instance.dir().toString().startsWith("/proc/")
                    ? "tracefs mounted in a mount namespace of finack's own (the host's mounts are untouched)"
                    : "tracefs at " + instance.dir().getParent().getParent();
            instance.close();
            return Check.ok("drop reasons", "skb:kfree_skb in a tracefs instance of finack's own, " + where
                    + ": the segments the kernel dropped carry its reason");
        } catch (TraceInstance.Unavailable e) {
            return new Check("drop reasons", Status.WARN, oneLine(e.getMessage())
                    + "; runs go on without drop reasons",
                    "run as root with CAP_SYS_ADMIN (a container: --cap-add SYS_ADMIN, and a security profile that allows mount)");
        }
    }

    // --- helpers

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * One line of an error message. JNA's own start with "Unable to load library 'pcap':" and
     * put the reason on the next line, so a line ending with a colon is passed over.
     */
    private static String oneLine(String message) {
        List<String> lines = message == null ? List.of()
                : message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.stream().filter(l -> !l.endsWith(":")).findFirst()
                .orElse(lines.isEmpty() ? "no detail" : lines.get(0));
    }
}

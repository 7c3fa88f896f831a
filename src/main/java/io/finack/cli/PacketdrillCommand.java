package io.finack.cli;

import io.finack.experiment.Experiment;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.report.JsonReport;
import io.finack.report.SuiteReport;
import io.finack.report.TextReport;
import io.finack.sandbox.SandboxException;
import io.finack.sandbox.SandboxSpec;
import io.finack.script.Invocation;
import io.finack.script.PacketdrillOption;
import io.finack.script.ScriptExperiment;
import io.finack.script.ScriptParseException;
import io.finack.script.Script;
import io.finack.script.Variant;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code finack packetdrill [OPTION...] SCRIPT|FOLDER...}: runs packetdrill's scripts as
 * packetdrill does (docs/packetdrill-compatibility.md), on finack's tun0, with packetdrill's
 * options and failure text ({@code FILE:LINE: error: ...} on stderr, exit status 1). A folder
 * stands for every .pkt below it, sorted, each in the variants packetdrill's run_all.py runs it
 * in (with run_all.py's arguments for each) unless {@code --ip_version} is given. Every run
 * keeps its pcap and JSON result under the output folder, named by script and variant.
 */
final class PacketdrillCommand implements Main.Command {
    static final String NAME = "packetdrill";
    /** Where runs keep their pcaps unless --out says otherwise: FINACK_PACKETDRILL_OUT, else this below the current folder. */
    static final Path DEFAULT_OUT = Path.of("captures", "packetdrill");

    private final PrintStream out;
    private final PrintStream err;

    PacketdrillCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One run: a script in one variant, under the invocation that goes with it. */
    private record Job(Path file, String shown, String variant, Invocation invocation) {
    }

    @Override
    public int run(String[] args) throws CliException, IOException {
        PacketdrillArguments a = PacketdrillArguments.parse(args);
        if (a.help()) {
            out.println(usage());
            return ExitStatus.OK;
        }
        List<Job> jobs = new ArrayList<>();
        boolean suite = a.paths().size() > 1;
        for (String path : a.paths()) {
            suite |= Files.isDirectory(Path.of(path));
            jobs.addAll(jobs(path, a));
        }
        if (!a.dryRun()) {
            Preflight.require(true);
        }
        Optional<Path> outDir = a.noPcap() || a.dryRun() ? Optional.empty() : Optional.of(a.out().orElseGet(
                () -> Optional.ofNullable(System.getenv("FINACK_PACKETDRILL_OUT")).map(Path::of).orElse(DEFAULT_OUT)));
        if (outDir.isPresent()) {
            RunCommand.createOutputFolder(outDir.get());
        }
        long started = System.nanoTime();
        List<SuiteReport.Run> runs;
        try (HostCubic cubic = a.allowCubic() && !a.dryRun() ? HostCubic.allow() : null) {
            if (cubic == null && !a.dryRun() && !HostCubic.allowed() && jobs.stream().anyMatch(PacketdrillCommand::setsCubic)) {
                err.println("finack packetdrill: " + HostCubic.note());
            }
            runs = runAll(jobs, a, outDir);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (a.ktap()) {
            out.print(SuiteReport.ktap(runs));
        } else if (suite) {
            out.println("finack packetdrill: " + SuiteReport.summary(runs, seconds)
                    + outDir.map(d -> "; pcaps and results in " + d).orElse(""));
        }
        if (a.junit().isPresent()) {
            SuiteReport.writeJunit(a.junit().get(), runs, seconds);
        }
        return runs.stream().allMatch(SuiteReport.Run::passed) ? ExitStatus.OK : ExitStatus.UNEXPECTED;
    }

    private static String usage() {
        return "usage: " + PacketdrillArguments.SYNOPSIS + "\n"
                + "Runs packetdrill scripts as packetdrill does, on finack's tun0 (docs/packetdrill-compatibility.md).\n"
                + "packetdrill's options, as it spells them: --" + String.join(", --", Stream.of(PacketdrillOption.values())
                        .map(PacketdrillOption::key).toList()) + ", -D NAME=VALUE, -v\n"
                + "  (those finack cannot honour are refused by name)\n"
                + "finack's own:\n"
                + "  --jobs N        run N scripts at once, each in namespaces of its own (default 1)\n"
                + "  --ktap          print the results as KTAP, as kselftest does\n"
                + "  --junit FILE    also write the results as JUnit XML\n"
                + "  --out DIR       where each run's pcap and JSON result go (default $FINACK_PACKETDRILL_OUT, else "
                + DEFAULT_OUT + ")\n"
                + "  --no-pcap       write no pcap or JSON result\n"
                + "  --allow-cubic   let namespaces use cubic (defaults.sh): adds it to the HOST's\n"
                + "                  net.ipv4.tcp_allowed_congestion_control until finack ends\n"
                + "A FOLDER runs every .pkt below it in run_all.py's variants (ipv4, ipv4-mapped-ipv6, ipv6, as the\n"
                + "file name allows) unless --ip_version is given.\n"
                + "Exit status: 0 every script passed, 1 a script failed (its error on stderr as FILE:LINE: error: ...),\n"
                + "2 bad usage, 3 the environment cannot run scripts. Reference: docs/packetdrill-compatibility.md.";
    }

    /** The runs a path stands for: a script in the given variant, or a folder's scripts in run_all.py's. */
    private static List<Job> jobs(String path, PacketdrillArguments a) throws CliException, IOException {
        Path given = Path.of(path);
        if (!Files.exists(given)) {
            throw new CliException(ExitStatus.USAGE, path + ": no such file or folder");
        }
        if (!Files.isDirectory(given)) {
            return List.of(new Job(given, path, givenVariant(a), a.invocation()));
        }
        List<Path> scripts;
        try (Stream<Path> walk = Files.walk(given)) {
            scripts = walk.filter(p -> p.toString().endsWith(".pkt") && Files.isRegularFile(p))
                    .sorted((x, y) -> x.toString().compareTo(y.toString())).toList();
        }
        if (scripts.isEmpty()) {
            throw new CliException(ExitStatus.USAGE, path + ": no .pkt script below this folder");
        }
        List<Job> jobs = new ArrayList<>();
        for (Path script : scripts) {
            String shown = script.toString();
            if (a.ipVersionGiven()) {
                jobs.add(new Job(script, shown, givenVariant(a), a.invocation()));
                continue;
            }
            for (Variant v : Variant.forFile(script.getFileName().toString())) {
                jobs.add(new Job(script, shown, v.toString(), runAllArguments(v, a.invocation())));
            }
        }
        return jobs;
    }

    /** The command line's --ip_version, the last one given; packetdrill's ipv4 when none is. */
    private static String givenVariant(PacketdrillArguments a) {
        return a.invocation().options().stream().filter(s -> s.name().equals(PacketdrillOption.IP_VERSION.key()))
                .map(Script.Setting::value).reduce((x, y) -> y).orElse(Variant.IPV4.toString());
    }

    /**
     * run_all.py's arguments for a variant, under the command line's own (which win): its
     * --ip_version, --send_omit_free, --mtu=1520 for IPv6, and its defines.
     */
    static Invocation runAllArguments(Variant variant, Invocation given) {
        List<Script.Setting> options = new ArrayList<>();
        options.add(new Script.Setting("send_omit_free", "", 0));
        if (variant == Variant.IPV6) {
            options.add(new Script.Setting("mtu", "1520", 0));
        }
        options.addAll(given.options());
        options.add(new Script.Setting("ip_version", variant.toString(), 0));
        Map<String, String> defines = new HashMap<>();
        boolean v6Sockets = variant != Variant.IPV4;
        defines.put("TFO_COOKIE", variant == Variant.IPV6 ? "c1d1e9742a47a9bc" : "3021b9d889017eeb");
        if (variant != Variant.IPV6) {
            defines.put("CODE", "host_unreachable");
        }
        defines.put("CMSG_LEVEL_IP", v6Sockets ? "SOL_IPV6" : "SOL_IP");
        defines.put("CMSG_TYPE_RECVERR", v6Sockets ? "IPV6_RECVERR" : "IP_RECVERR");
        defines.putAll(given.defines());
        return new Invocation(options, defines);
    }

    private static boolean setsCubic(Job job) {
        try {
            String text = Files.readString(job.file());
            return text.contains("defaults.sh") || text.contains("cubic");
        } catch (IOException e) {
            return false;
        }
    }

    private List<SuiteReport.Run> runAll(List<Job> jobs, PacketdrillArguments a, Optional<Path> outDir) throws CliException {
        int threads = Math.min(a.jobs(), Math.max(1, jobs.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("packetdrill-job"));
        // A script's sandbox is closed (its packet sockets' RCU grace periods, its namespaces: 70 ms
        // measured) while its job thread goes on with the next script; every close ends before the
        // suite's result is given, so nothing outlives the command.
        ExecutorService closer = Executors.newFixedThreadPool(threads, daemon("packetdrill-close"));
        List<Future<?>> closes = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<SuiteReport.Run>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> run(job, a, outDir, runner -> closes.add(closer.submit(() -> {
                    runner.close();
                    return null;
                })))));
            }
            List<SuiteReport.Run> runs = new ArrayList<>();
            for (Future<SuiteReport.Run> f : futures) {
                runs.add(result(f));
            }
            pool.shutdown();
            awaitTermination(pool);
            for (Future<?> f : List.copyOf(closes)) {
                result(f);
            }
            return runs;
        } finally {
            pool.shutdownNow();
            closer.shutdown();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A job's (or a close's) outcome; its failure as the command's. */
    private static <T> T result(Future<T> f) throws CliException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof CliException c) {
                throw c;
            }
            throw new CliException(ExitStatus.ENVIRONMENT, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitStatus.ENVIRONMENT, "interrupted");
        }
    }

    /** Every job has handed its runner to be closed once the pool has ended. */
    private static void awaitTermination(ExecutorService pool) throws CliException {
        try {
            pool.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitStatus.ENVIRONMENT, "interrupted");
        }
    }

    /**
     * Runs one job, prints its error (and with -v its report), keeps its pcap and JSON result;
     * its runner, once the result is known, goes to {@code close}, which closes it later.
     */
    private SuiteReport.Run run(Job job, PacketdrillArguments a, Optional<Path> outDir,
                                java.util.function.Consumer<ExperimentRunner> close) throws CliException, IOException {
        long started = System.nanoTime();
        Experiment experiment;
        try {
            experiment = ScriptExperiment.packetdrill(job.file(), job.invocation());
        } catch (ScriptParseException e) {
            return failed(job, job.shown() + ":" + e.line() + ": error: " + e.reason(), started);
        } catch (NoSuchFileException e) {
            return failed(job, job.shown() + ": error: no such file", started);
        }
        if (a.dryRun()) {
            return new SuiteReport.Run(job.shown(), job.variant(), Optional.empty(), 0);
        }
        String base = outputName(job);
        ExperimentResult result;
        ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, outDir, plan -> base);
        try {
            Instant at = Instant.now();
            result = runner.run(experiment, experiment.plan(io.finack.tcp.Endpoint.Family.IPV4).family());
            if (outDir.isPresent()) {
                JsonReport.RunContext context = new JsonReport.RunContext(Main.VERSION, HostFacts.hostname(),
                        HostFacts.kernelRelease().orElse("unknown"), at, "fresh", java.util.OptionalDouble.empty());
                Path json = outDir.get().resolve(base + ".json");
                Files.createDirectories(json.getParent());
                Files.writeString(json, JsonReport.write(JsonReport.document(List.of(result), context)) + "\n");
            }
        } catch (SandboxException e) {
            throw new CliException(ExitStatus.ENVIRONMENT, job.shown() + ": " + e.getMessage());
        } finally {
            close.accept(runner);
        }
        if (a.verbose()) {
            synchronized (out) {
                out.print(TextReport.render(List.of(result)));
            }
        }
        Optional<String> error = result.reason().map(r -> packetdrillText(job, experiment.name(), r));
        error.ifPresent(e -> {
            synchronized (err) {
                err.println(e);
            }
        });
        return new SuiteReport.Run(job.shown(), job.variant(), error, (System.nanoTime() - started) / 1e9);
    }

    private SuiteReport.Run failed(Job job, String error, long started) {
        synchronized (err) {
            err.println(error);
        }
        return new SuiteReport.Run(job.shown(), job.variant(), Optional.of(error), (System.nanoTime() - started) / 1e9);
    }

    /** finack's "NAME.pkt:LINE: what" as packetdrill writes it: "FILE:LINE: error: what", FILE as given. */
    static String packetdrillText(String shown, String name, String reason) {
        String prefix = name + ".pkt:";
        if (reason.startsWith(prefix)) {
            String rest = reason.substring(prefix.length());
            int colon = rest.indexOf(": ");
            if (colon > 0 && rest.substring(0, colon).chars().allMatch(Character::isDigit)) {
                return shown + ":" + rest.substring(0, colon) + ": error: " + rest.substring(colon + 2);
            }
        }
        return shown + ": error: " + reason;
    }

    private static String packetdrillText(Job job, String name, String reason) {
        return packetdrillText(job.shown(), name, reason);
    }

    /** SCRIPT-VARIANT below the output folder: the path as given, without .pkt, leading / and ../ dropped. */
    static String outputName(Job job) {
        String path = job.shown().replaceFirst("\\.pkt$", "");
        path = path.replaceAll("^(\\.\\.?/|/)+", "").replace("/../", "/");
        return path + "-" + job.variant();
    }
}

package io.finack.experiment;

import io.finack.analysis.PathFinding;
import io.finack.analysis.ReconnectReply;
import io.finack.analysis.StaleAckDetector;
import io.finack.analysis.Verdict;
import io.finack.kernel.KernelAccount;
import io.finack.kernel.NetCounters;
import io.finack.sandbox.SandboxException;
import io.finack.sandbox.SandboxSpec;
import io.finack.sandbox.TraceInstance;
import io.finack.tcp.Endpoint;
import io.finack.wire.CapturedFrame;
import io.finack.wire.IcmpCodec;
import io.finack.wire.IpFields;
import io.finack.wire.PcapWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs experiments end to end: the plan in a sandbox, the pcap written, the path detected on
 * the recorded frames, one result a run. Repetitions run in jobs, each with a sandbox and a
 * capture of its own ({@link JobSandbox}) that serve its repetitions one after another; several
 * jobs run at once, each in its own namespace.
 */
public final class ExperimentRunner implements AutoCloseable {
    private final Teardown teardown = new Teardown();
    private final SandboxSpec.Mode mode;
    private final Optional<Path> outDir;
    /** The drop trace, being opened on a thread of its own; empty when not asked for or unavailable. */
    private final CompletableFuture<Optional<DropTrace>> dropTrace;
    private volatile String dropReasons = "not asked for";

    /** Names a run's pcap (without .pcap) in the output folder, from its plan. */
    private final java.util.function.Function<Plan, String> pcapName;

    /** {@code outDir} empty: no pcap is written. Drop reasons are not traced. */
    public ExperimentRunner(SandboxSpec.Mode mode, Optional<Path> outDir) {
        this(mode, outDir, false);
    }

    /** As {@link #ExperimentRunner(SandboxSpec.Mode, Optional)}, each pcap named {@code pcapName} of its plan (a path below outDir). */
    public ExperimentRunner(SandboxSpec.Mode mode, Optional<Path> outDir, java.util.function.Function<Plan, String> pcapName) {
        this(mode, outDir, pcapName, false);
    }

    /**
     * {@code traceDrops}: record the kernel's drop reasons in a tracefs instance of finack's own,
     * where tracefs can be had (it is made while the first sandbox is, and the first run waits for it).
     */
    public ExperimentRunner(SandboxSpec.Mode mode, Optional<Path> outDir, boolean traceDrops) {
        this(mode, outDir, plan -> plan.name() + "-" + plan.family(), traceDrops);
    }

    /** As {@link #ExperimentRunner(SandboxSpec.Mode, Optional, boolean)}, each pcap named {@code pcapName} of its plan. */
    public ExperimentRunner(SandboxSpec.Mode mode, Optional<Path> outDir, java.util.function.Function<Plan, String> pcapName,
                            boolean traceDrops) {
        this.mode = mode;
        this.outDir = outDir;
        this.pcapName = pcapName;
        startWarmUp();
        dropTrace = traceDrops ? CompletableFuture.supplyAsync(this::openDropTrace, r -> {
            Thread t = new Thread(r, "drop-trace");
            t.setDaemon(true);
            t.start();
        }) : CompletableFuture.completedFuture(Optional.empty());
    }

    private Optional<DropTrace> openDropTrace() {
        try {
            DropTrace trace = DropTrace.open();
            dropReasons = "traced";
            return Optional.of(trace);
        } catch (TraceInstance.Unavailable e) {
            dropReasons = "unavailable: " + e.getMessage();
            return Optional.empty();
        }
    }

    /** Whether drop reasons are traced ("traced"), or why not; final once the first run has started. */
    public String dropReasons() {
        return dropReasons;
    }

    private static synchronized void startWarmUp() {
        if (WARM_UP.getState() == Thread.State.NEW) {
            WARM_UP.setDaemon(true);
            WARM_UP.start();
        }
    }

    /**
     * Once per JVM, on a thread of its own while the first sandbox is being made: warms the
     * codec, the capture thread's reaction path and the socket calls. The first plan waits for it.
     */
    private static final Thread WARM_UP = new Thread(() -> {
        FrameExchange.warmUpCodec();
        io.finack.kernel.KernelSocket.warmUp();
    }, "warm-up");

    private static void awaitWarmUp() throws IOException {
        try {
            WARM_UP.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while warming up", e);
        }
    }

    /** Told of each finished repetition, on the thread of the job (from 0) that ran it. */
    @FunctionalInterface
    public interface Progress {
        void finished(int job);
    }

    /**
     * Runs one experiment once. A kernel that surprises the plan gives a FAIL result; a sandbox
     * or capture that cannot be set up throws, since no later experiment would run either.
     */
    public ExperimentResult run(Experiment experiment, Endpoint.Family family) throws SandboxException, IOException {
        return run(experiment, family, 1, Parallelism.NONE, job -> { }).get(0);
    }

    /**
     * How many repetitions run at once: {@code jobs} jobs, each in a namespace of its own, and
     * within each job up to {@code inFlight} repetitions on their own ports. More than one of
     * either needs fresh namespaces: the caller's is only one, and its ports are not finack's.
     */
    public record Parallelism(int jobs, int inFlight) {
        public static final Parallelism NONE = new Parallelism(1, 1);

        public Parallelism {
            if (jobs < 1 || inFlight < 1) {
                throw new IllegalArgumentException("jobs and repetitions in flight must be at least 1: " + jobs + ", " + inFlight);
            }
        }
    }

    /**
     * Runs an experiment {@code repeat} times, as many at once as {@code parallelism} says,
     * and returns the results in repetition order; repetition k (from 1) goes into the k-th
     * pcap's name, unless it is the only one.
     */
    public List<ExperimentResult> run(Experiment experiment, Endpoint.Family family, int repeat, Parallelism parallelism,
                                      Progress progress) throws SandboxException, IOException {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1: " + repeat);
        }
        if (!parallelism.equals(Parallelism.NONE) && mode != SandboxSpec.Mode.FRESH) {
            throw new IllegalArgumentException("runs at once need fresh namespaces");
        }
        if (mode == SandboxSpec.Mode.CURRENT) {
            // The caller's namespace is shared between experiments: the last one's sockets, lo
            // settings and nft table must be gone before this one sets its own.
            awaitTeardown();
        }
        int jobs = Math.min(parallelism.jobs(), repeat);
        int inFlight = Math.min(parallelism.inFlight(), repeat);
        Repetitions work = new Repetitions(experiment, experiment.plan(family), repeat, inFlight, jobs * inFlight == 1);
        if (jobs == 1) {
            work.job(0, progress);
            return work.results();
        }
        ExecutorService threads = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "job-" + experiment.name());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int job = 0; job < jobs; job++) {
                int index = job;
                running.add(threads.submit(() -> {
                    work.job(index, progress);
                    return null;
                }));
            }
            Concurrently.awaitAll(running, work::stop);
            return work.results();
        } finally {
            threads.shutdown();
        }
    }

    /** The repetitions of one experiment on one family, handed out to the jobs' lanes one at a time. */
    private final class Repetitions {
        private final Experiment experiment;
        private final Plan plan;
        private final int inFlight;
        private final boolean alone;
        private final ExperimentResult[] results;
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean stopped;

        /** {@code alone}: one repetition runs at a time, in one job. */
        Repetitions(Experiment experiment, Plan plan, int repeat, int inFlight, boolean alone) {
            this.experiment = experiment;
            this.plan = plan;
            this.inFlight = inFlight;
            this.alone = alone;
            this.results = new ExperimentResult[repeat];
        }

        void stop() {
            stopped = true;
        }

        List<ExperimentResult> results() {
            return List.of(results);
        }

        private boolean more() {
            return !stopped && next.get() < results.length;
        }

        /**
         * One job: a sandbox whose lanes take repetitions until none is left, renewed when its
         * ports run out.
         */
        void job(int job, Progress progress) throws SandboxException, IOException {
            String name = plan.name() + "-" + plan.family() + "-" + job;
            while (more()) {
                long opening = System.nanoTime();
                JobSandbox sandbox = JobSandbox.open(mode, plan, Math.max(1, results.length - next.get()), name, alone);
                AtomicBoolean paid = new AtomicBoolean();
                List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
                // Repetitions in flight together share the namespace's counters: they are read for the job.
                Optional<NetCounters> before = inFlight > 1 ? sandbox.counters() : Optional.empty();
                try {
                    sandbox.runLanes(inFlight, "lane-" + name,
                            () -> lane(sandbox, paid, job, opening, progress, ran), this::stop);
                    before.ifPresent(b -> sandbox.counters().ifPresent(after -> {
                        KernelAccount.Counters shared = new KernelAccount.Counters(KernelAccount.Scope.JOB, job, b.deltaTo(after));
                        ran.forEach(k -> results[k] = results[k].withKernel(results[k].kernel().withCounters(shared)));
                    }));
                } finally {
                    teardown.later(sandbox::close);
                }
            }
        }

        /**
         * Runs repetitions one after another while the sandbox has ports for them. The first
         * repetition of the sandbox ({@code paid} still false) pays for it: its wall and setup
         * times include the sandbox's making.
         */
        private void lane(JobSandbox sandbox, AtomicBoolean paid, int job, long opening, Progress progress,
                          List<Integer> ran) throws IOException {
            long setupNanos = System.nanoTime() - opening;
            awaitWarmUp();
            Optional<DropTrace> trace = dropTrace.join();
            while (!stopped) {
                OptionalInt offset;
                int k;
                // Offset and repetition are taken together, so that repetition 1 always runs on
                // the experiment's own ports (offset 0 of some job's first sandbox), as a
                // one-shot run does: reports that show one repetition show that one.
                synchronized (sandbox) {
                    offset = sandbox.nextOffset();
                    if (offset.isEmpty()) {
                        return;
                    }
                    k = next.getAndIncrement();
                }
                if (k >= results.length) {
                    return;
                }
                boolean first = paid.compareAndSet(false, true);
                long started = first ? opening : System.nanoTime();
                Plan moved = plan.shifted(offset.getAsInt());
                PlanRunner.Record record = sandbox.run(moved, inFlight == 1);
                Set<Long> lanes = record.frames().stream().map(CapturedFrame::number)
                        .filter(n -> !record.replyFrames().contains(n)).collect(Collectors.toSet());
                Map<Integer, Set<Long>> injectedBy = Map.of(record.threadId(), lanes, sandbox.captureThread(), record.replyFrames());
                Set<Integer> threads = injectedBy.keySet();
                Optional<List<KernelAccount.Drop>> drops = trace.isEmpty() ? Optional.empty()
                        : Optional.of(trace.get().drops(record.frames(), moved.harness(), injectedBy));
                List<KernelAccount.Reset> resets = trace.isEmpty() ? List.of()
                        : trace.get().resets(record.frames(), moved.kernel(), threads);
                results[k] = result(experiment, moved, record, results.length == 1 ? 0 : k + 1,
                        started, first ? setupNanos : 0, job, drops, resets);
                ran.add(k);
                progress.finished(job);
            }
        }
    }

    private ExperimentResult result(Experiment experiment, Plan plan, PlanRunner.Record record, int repetition,
                                    long started, long setupNanos, int job, Optional<List<KernelAccount.Drop>> drops,
                                    List<KernelAccount.Reset> resets) throws IOException {
        Optional<Path> pcap = Optional.empty();
        if (outDir.isPresent()) {
            String suffix = repetition == 0 ? "" : String.format(java.util.Locale.ROOT, "-%04d", repetition);
            Path file = outDir.get().resolve(pcapName.apply(plan) + suffix + ".pcap");
            Files.createDirectories(file.getParent());
            PcapWriter.writeFrames(file, record.pcapFrames());
            pcap = Optional.of(file);
        }
        Optional<PathFinding> finding = pathOf(StaleAckDetector.detect(record.frames()));
        Optional<Verdict> verdict = finding.map(PathFinding::verdict);
        Optional<ReconnectReply> reconnect = ReconnectReply.find(record.frames(), record.invalidRatelimit());
        Optional<String> reason = record.failure().or(() -> experiment.expected().unmet(verdict, record.states(), reconnect));
        ExperimentResult.Outcome outcome = reason.isEmpty() ? ExperimentResult.Outcome.PASS : ExperimentResult.Outcome.FAIL;
        return new ExperimentResult(experiment.name(), plan.family(), outcome, reason, experiment.expected(), verdict, finding, reconnect,
                intervals(finding), record.connectMillis(), record.states(), record.reactionMicros(),
                frameLines(record.frames(), plan), pcap, (System.nanoTime() - started) / 1e6, setupNanos / 1e6,
                record.firstInjectionNanos(), record.python(), icmpLines(record, plan), new KernelAccount(
                        record.counterDelta().map(d -> new KernelAccount.Counters(KernelAccount.Scope.REPETITION, job, d)),
                        drops, resets));
    }

    private static List<ExperimentResult.IcmpLine> icmpLines(PlanRunner.Record record, Plan plan) {
        long first = record.pcapFrames().isEmpty() ? 0 : record.pcapFrames().get(0).epochNanos();
        List<ExperimentResult.IcmpLine> lines = new ArrayList<>();
        for (FrameExchange.OtherFrame f : record.icmpFrames()) {
            IcmpCodec.decode(f.raw()).ifPresent(m -> {
                // The harness's errors quote the kernel's segments: their quoted source is the kernel's port.
                String from = m.quotedSourcePort() == plan.kernel().port() ? "harness" : "kernel";
                lines.add(new ExperimentResult.IcmpLine(f.number(), f.epochNanos(), (f.epochNanos() - first) / 1e6, from,
                        m.toString()));
            });
        }
        return lines;
    }

    /** Waits until everything the experiments opened is closed. */
    @Override
    public void close() throws IOException {
        try {
            dropTrace.thenAccept(t -> t.ifPresent(DropTrace::close));
            teardown.close();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("teardown: " + e.getMessage(), e);
        }
    }

    private void awaitTeardown() throws IOException {
        try {
            teardown.awaitPending();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("teardown: " + e.getMessage(), e);
        }
    }

    /** The finding that tells the experiment's story: the first one that met a stale ACK, else the first. */
    static Optional<PathFinding> pathOf(List<PathFinding> findings) {
        return findings.stream().filter(f -> f.verdict() != Verdict.NO_STALE_ACK).findFirst()
                .or(() -> findings.stream().findFirst());
    }

    private static Map<String, Double> intervals(Optional<PathFinding> finding) {
        return finding.map(PathFinding::intervals).orElseGet(LinkedHashMap::new);
    }

    private static List<ExperimentResult.FrameLine> frameLines(List<CapturedFrame> frames, Plan plan) {
        List<ExperimentResult.FrameLine> lines = new ArrayList<>();
        long first = frames.isEmpty() ? 0 : frames.get(0).epochNanos();
        for (CapturedFrame f : frames) {
            String from = f.tcp().source().equals(plan.harness()) ? "harness" : "kernel";
            lines.add(new ExperimentResult.FrameLine(f.number(), f.epochNanos(), (f.epochNanos() - first) / 1e6, from,
                    f.tcp().segment(), IpFields.seen(f.raw())));
        }
        return lines;
    }
}

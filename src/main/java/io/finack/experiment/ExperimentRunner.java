package io.finack.experiment;

import io.finack.analysis.PathFinding;
import io.finack.analysis.ReconnectReply;
import io.finack.analysis.StaleAckDetector;
import io.finack.analysis.Verdict;
import io.finack.sandbox.Sandbox;
import io.finack.sandbox.SandboxException;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.wire.CapturedFrame;
import io.finack.wire.PcapWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs experiments end to end: a sandbox for each, the plan inside it, the pcap written, the
 * path detected on the recorded frames, one result.
 */
public final class ExperimentRunner implements AutoCloseable {
    private final Teardown teardown = new Teardown();
    private final SandboxSpec.Mode mode;
    private final Optional<Path> outDir;

    /** {@code outDir} empty: no pcap is written. */
    public ExperimentRunner(SandboxSpec.Mode mode, Optional<Path> outDir) {
        this.mode = mode;
        this.outDir = outDir;
        startWarmUp();
    }

    private static synchronized void startWarmUp() {
        if (WARM_UP.getState() == Thread.State.NEW) {
            WARM_UP.setDaemon(true);
            WARM_UP.start();
        }
    }

    /**
     * Once per JVM, on a thread of its own while the first sandbox is being made: warms the
     * codec and the capture thread's reaction path. The first plan waits for it.
     */
    private static final Thread WARM_UP = new Thread(FrameExchange::warmUp, "warm-up");

    private static void awaitWarmUp() throws IOException {
        try {
            WARM_UP.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while warming up", e);
        }
    }

    /**
     * Runs one experiment. A kernel that surprises the plan gives a FAIL result; a sandbox or
     * capture that cannot be set up throws, since no later experiment would run either.
     */
    public ExperimentResult run(Experiment experiment, Endpoint.Family family) throws SandboxException, IOException {
        return run(experiment, family, 0);
    }

    /** One repetition of several: {@code repetition} (from 1) goes into the pcap's name; 0 for a single run. */
    public ExperimentResult run(Experiment experiment, Endpoint.Family family, int repetition)
            throws SandboxException, IOException {
        long started = System.nanoTime();
        Plan plan = experiment.plan(family);
        if (mode == SandboxSpec.Mode.CURRENT) {
            // The caller's namespace is shared between runs: the last run's sockets, lo
            // settings and nft table must be gone before this run sets its own.
            awaitTeardown();
        }
        Sandbox sandbox = Sandbox.open(new SandboxSpec(mode, plan.name() + "-" + family,
                Set.of(plan.harness().port()), java.util.OptionalInt.empty()));
        long setupNanos = System.nanoTime() - started;
        PlanRunner.Record record;
        try {
            awaitWarmUp();
            record = new PlanRunner(plan, sandbox.namespace(), teardown).run();
        } finally {
            teardown.later(sandbox::close);
        }
        Optional<Path> pcap = Optional.empty();
        if (outDir.isPresent()) {
            Files.createDirectories(outDir.get());
            String suffix = repetition == 0 ? "" : String.format(java.util.Locale.ROOT, "-%04d", repetition);
            Path file = outDir.get().resolve(plan.name() + "-" + family + suffix + ".pcap");
            PcapWriter.writeAll(file, record.frames());
            pcap = Optional.of(file);
        }
        Optional<PathFinding> finding = pathOf(StaleAckDetector.detect(record.frames()));
        Optional<Verdict> verdict = finding.map(PathFinding::verdict);
        Optional<ReconnectReply> reconnect = ReconnectReply.find(record.frames(), record.invalidRatelimit());
        Optional<String> reason = record.failure().or(() -> experiment.expected().unmet(verdict, record.states(), reconnect));
        ExperimentResult.Outcome outcome = reason.isEmpty() ? ExperimentResult.Outcome.PASS : ExperimentResult.Outcome.FAIL;
        return new ExperimentResult(experiment.name(), family, outcome, reason, experiment.expected(), verdict, finding, reconnect,
                intervals(finding), record.connectMillis(), record.states(), record.reactionMicros(),
                frameLines(record.frames(), plan), pcap, (System.nanoTime() - started) / 1e6, setupNanos / 1e6,
                record.firstInjectionNanos());
    }

    /** Waits until everything the experiments opened is closed. */
    @Override
    public void close() throws IOException {
        try {
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
                    f.tcp().segment()));
        }
        return lines;
    }
}

package io.finack.experiment;

import io.finack.kernel.Libc;
import io.finack.kernel.NetCounters;
import io.finack.sandbox.Sandbox;
import io.finack.sandbox.SandboxException;
import io.finack.sandbox.SandboxSpec;
import io.finack.sandbox.Tun0Spec;
import io.finack.wire.Injector;
import io.finack.wire.Sniffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One job's sandbox and capture of its lo, kept for many runs of one plan. Making them is most
 * of a short experiment's cost (opening the packet socket waits for an RCU grace period, about
 * 8 ms here, closing it 17 ms, loading the nft guard is a process, about 6 ms); a job pays it
 * once per {@link #WINDOW} runs instead of once a run.
 *
 * <p>In a fresh namespace, run k of this sandbox is the plan moved up by k ports on both sides
 * ({@link Plan#shifted}), so that no two runs ever share a 4-tuple, and the guard drops what the
 * kernel sends to any of the harness's ports; when the ports run out the job moves to a fresh
 * sandbox. In the caller's namespace ({@code --netns current}) every run keeps the plan's own
 * ports: finack touches no other port of a namespace it does not own, and each run aborts its
 * sockets, so the 4-tuple is free again for the next.
 */
final class JobSandbox implements AutoCloseable {
    /** Runs a fresh sandbox serves: ports plan.port .. plan.port + WINDOW - 1 on each side. */
    static final int WINDOW = 1000;
    /**
     * The capture ring when several repetitions share it: about 490 whole-frame slots, where
     * libpcap's default holds about 30, fewer than eight repetitions in flight may have
     * waiting while the capture thread is off the CPU.
     */
    private static final int SHARED_RING_BYTES = 32 << 20;

    private final Sandbox sandbox;
    private final Sniffer sniffer;
    private final FlowRouter router;
    private final boolean shifting;
    private final int offsets;
    private final CompletableFuture<Integer> captureThread;
    private int used;

    private JobSandbox(Sandbox sandbox, Sniffer sniffer, FlowRouter router, boolean shifting, int offsets,
                       CompletableFuture<Integer> captureThread) {
        this.captureThread = captureThread;
        this.sandbox = sandbox;
        this.sniffer = sniffer;
        this.router = router;
        this.shifting = shifting;
        this.offsets = offsets;
    }

    /**
     * Makes the sandbox for up to {@code runs} runs and starts its capture; {@code name} names
     * its threads. {@code alone}: this job runs one repetition at a time and no other job runs,
     * so its capture thread may spin while a reply is armed (see {@link Sniffer#sleepOnly}), under
     * SCHED_FIFO, and in a fresh namespace the reply path is rehearsed before the first plan
     * ({@link ReplyRehearsal}).
     */
    static JobSandbox open(SandboxSpec.Mode mode, Plan plan, int runs, String name, boolean alone)
            throws SandboxException {
        boolean shifting = mode == SandboxSpec.Mode.FRESH;
        int offsets = shifting ? Math.min(runs, offsets(plan)) : 1;
        Set<Integer> guarded = new HashSet<>();
        for (int k = 0; k < offsets; k++) {
            guarded.add(plan.harness().port() + k);
        }
        // A script's plan asks for a link shaped like packetdrill's tun device (Plan.Link):
        // packetdrill's tun0 itself, or lo.
        Optional<Plan.Link> link = shifting ? plan.lo() : Optional.empty();
        Optional<Tun0Spec> tun0 = link.flatMap(Plan.Link::tun0);
        Sandbox sandbox = Sandbox.open(new SandboxSpec(mode, name, guarded,
                link.isPresent() && tun0.isEmpty() ? OptionalInt.of(link.get().mtu()) : OptionalInt.empty(), tun0));
        try {
            if (link.isPresent() && tun0.isEmpty()) {
                sandbox.namespace().segmentationOffloadOff("lo");
            }
            int ring = alone ? 0 : SHARED_RING_BYTES;
            Sniffer sniffer;
            if (sandbox.tun0().isPresent()) {
                Injector injector = sandbox.tun0().get().peer().call(
                        () -> Injector.open(Tun0Spec.PEER, Tun0Spec.TUN0_MAC, Tun0Spec.PEER_MAC, link.get().segmentSize()));
                sniffer = sandbox.namespace().call(() -> Sniffer.open(Tun0Spec.NAME, Sniffer.SNAPLEN, ring, injector));
            } else {
                sniffer = sandbox.namespace().call(() -> Sniffer.open(Sniffer.SNAPLEN, ring));
            }
            if (alone) {
                sniffer.runInRealTime();
            } else {
                sniffer.sleepOnly();
            }
            FlowRouter router = new FlowRouter();
            CompletableFuture<Integer> captureThread = new CompletableFuture<>();
            try {
                sandbox.namespace().startThread(() -> {
                    captureThread.complete(Libc.C.gettid());
                    sniffer.loop(router);
                }, "capture-" + name);
                // Not in the caller's namespace: there the rehearsal's frames would show on its lo
                // to its own captures (tcpdump, finack watch), where finack sends nothing but the
                // experiment's own segments. Not on tun0 either, whose injector addresses every
                // frame it sends to tun0 itself.
                if (alone && shifting && sandbox.tun0().isEmpty()) {
                    ReplyRehearsal.run(sniffer, router);
                }
            } catch (SandboxException | RuntimeException e) {
                sniffer.close();
                throw e;
            } catch (IOException e) {
                sniffer.close();
                throw new SandboxException("the capture of lo cannot serve a plan: " + e.getMessage(), e);
            }
            return new JobSandbox(sandbox, sniffer, router, shifting, offsets, captureThread);
        } catch (SandboxException | RuntimeException e) {
            try {
                sandbox.close();
            } catch (SandboxException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * How far the plan can move while its kernel ports and its (guarded) harness ports stay
     * apart and below 65536.
     */
    static int offsets(Plan plan) {
        int kernel = plan.kernel().port();
        int harness = plan.harness().port();
        int apart = Math.abs(kernel - harness);
        return Math.max(1, Math.min(WINDOW, Math.min(apart, 65536 - Math.max(kernel, harness))));
    }

    /** The next run's port offset, or empty once this sandbox has served all its runs (never in the caller's namespace). */
    synchronized OptionalInt nextOffset() {
        if (!shifting) {
            return OptionalInt.of(0);
        }
        return used < offsets ? OptionalInt.of(used++) : OptionalInt.empty();
    }

    /** Work for a lane: a thread inside this sandbox's namespace, where it runs plans one after another. */
    @FunctionalInterface
    interface Lane {
        void run() throws Exception;
    }

    /**
     * Runs {@code lane} on {@code lanes} threads inside the namespace at once, and returns when all
     * have ended; the first failure makes {@code onFailure} run and is thrown after all ended.
     */
    void runLanes(int lanes, String name, Lane lane, Runnable onFailure) throws SandboxException, IOException {
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            CompletableFuture<Void> end = new CompletableFuture<>();
            try {
                sandbox.namespace().startThread(() -> {
                    try {
                        lane.run();
                        end.complete(null);
                    } catch (Throwable t) {
                        end.completeExceptionally(t);
                    }
                }, name + "-" + i);
            } catch (SandboxException | RuntimeException e) {
                // The lanes already running must stop, and end before the sandbox may close.
                onFailure.run();
                end.completeExceptionally(e);
            }
            ended.add(end);
            if (end.isCompletedExceptionally()) {
                break;
            }
        }
        Concurrently.awaitAll(ended, onFailure);
    }

    /**
     * Runs {@code plan}, this sandbox's plan moved by an offset it handed out, on the calling
     * thread: a lane's.
     */
    PlanRunner.Record run(Plan plan, boolean counting) throws IOException {
        return new PlanRunner(plan, sniffer, router).run(counting);
    }

    /** The id of the capture thread, which sends the replies the plan arms: tracefs's pid for their receive. */
    int captureThread() {
        return captureThread.join();
    }

    /** The namespace's counters now, read on its thread; empty when they cannot be read. */
    Optional<NetCounters> counters() {
        try {
            return sandbox.namespace().call(PlanRunner::counters);
        } catch (SandboxException e) {
            return Optional.empty();
        }
    }

    /** Stops the capture and undoes the sandbox: slow (RCU), so runners defer it. */
    @Override
    public void close() throws SandboxException {
        try {
            sniffer.close();
        } finally {
            sandbox.close();
        }
    }
}

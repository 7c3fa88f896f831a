package io.finack.experiment;

import io.finack.analysis.ReconnectReply;
import io.finack.analysis.PathFinding;
import io.finack.analysis.StaleAckDetector;
import io.finack.analysis.Verdict;
import io.finack.kernel.Errno;
import io.finack.kernel.KernelSocket;
import io.finack.kernel.NetCounters;
import io.finack.kernel.SockDiag;
import io.finack.kernel.SocketInfo;
import io.finack.kernel.SyscallException;
import io.finack.kernel.ThreadScheduling;
import io.finack.syscall.CallContext;
import io.finack.syscall.CallFailure;
import io.finack.syscall.FdTable;
import io.finack.syscall.SocketCall;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpState;
import io.finack.wire.CapturedFrame;
import io.finack.wire.Sniffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Runs one plan inside a network namespace, on a capture of its lo that the plan shares with
 * others on their own 4-tuples ({@link FlowRouter}): drives the kernel's sockets and walks the
 * steps. Every socket it opens it closes, after detaching from the capture, so that the
 * kernel's teardown traffic stays out of the record.
 */
public final class PlanRunner {
    private static final long STATE_POLL_NANOS = 1_000_000;
    private static final Path INVALID_RATELIMIT = Path.of("/proc/sys/net/ipv4/tcp_invalid_ratelimit");

    private final Plan plan;
    private final Sniffer sniffer;
    private final FlowRouter router;

    /** {@code sniffer} captures lo in the plan's namespace and hands its frames to {@code router}. */
    PlanRunner(Plan plan, Sniffer sniffer, FlowRouter router) {
        this.plan = plan;
        this.sniffer = sniffer;
        this.router = router;
    }

    /**
     * What a run produced: the frames, the failure if the kernel surprised the plan, the
     * observations, the namespace's net.ipv4.tcp_invalid_ratelimit, which decides whether a
     * timewait socket's silence may be its rate limit, and how the namespace's counters moved
     * from before the first step to after the last (empty when not asked for or unreadable), and
     * the id of the thread that ran it (tracefs's pid of the events in its injections' receive path),
     * and which injected frames were replies sent from the capture thread instead.
     */
    public record Record(List<CapturedFrame> frames, Optional<String> failure, List<StateObservation> states,
                         List<Double> reactionMicros, OptionalDouble connectMillis, long firstInjectionNanos,
                         Duration invalidRatelimit, Optional<io.finack.python.PythonRun> python,
                         List<FrameExchange.OtherFrame> icmpFrames, Optional<Map<String, Long>> counterDelta, int threadId,
                         Set<Long> replyFrames) {
        /** Every frame for the pcap, TCP and ICMP, in capture order. */
        public List<io.finack.wire.PcapWriter.Frame> pcapFrames() {
            List<io.finack.wire.PcapWriter.Frame> all = new ArrayList<>();
            frames.forEach(f -> all.add(new io.finack.wire.PcapWriter.Frame(f.number(), f.epochNanos(), f.raw())));
            icmpFrames.forEach(f -> all.add(new io.finack.wire.PcapWriter.Frame(f.number(), f.epochNanos(), f.raw())));
            all.sort(java.util.Comparator.comparingLong(io.finack.wire.PcapWriter.Frame::number));
            return all;
        }
    }

    /**
     * Runs the plan on the calling thread, which must be inside the namespace the capture
     * watches; {@code counting}: read the namespace's counters before and after (nothing else
     * runs in it meanwhile).
     */
    Record run(boolean counting) throws IOException {
        Optional<NetCounters> before = counting ? counters() : Optional.empty();
        Optional<NetCounters> after = Optional.empty();
        boolean packetdrillLink = plan.lo().flatMap(Plan.Link::tun0).isPresent();
        FrameExchange exchange = new FrameExchange(plan.harness(), plan.kernel(), sniffer,
                new SequenceMap(plan.harness(), plan.kernel()), !packetdrillLink);
        // A packetdrill script's own threads run under SCHED_FIFO as its capture does, so that
        // on a loaded machine they wake at a step's time and when a blocking call returns, not
        // when the scheduler gets round to them; they sleep between steps.
        boolean realtime = packetdrillLink && sniffer.inRealTime() && ThreadScheduling.tryRealtime(true);
        FdTable fds = new FdTable();
        List<StateObservation> states = new ArrayList<>();
        Optional<String> failure = Optional.empty();
        OptionalLong connectCalled = OptionalLong.empty();
        PythonBlocks python = new PythonBlocks();
        router.attach(plan.kernel(), plan.harness(), exchange, wallNanos());
        try (SockDiag diag = SockDiag.open(); SyscallThread syscalls = new SyscallThread(realtime);
             ShellCommands shells = new ShellCommands()) {
            Walk walk = new Walk(exchange, fds, diag, states, syscalls, shells, python);
            try {
                walk.steps();
            } catch (PlanFailure f) {
                failure = Optional.of(walk.where() + ": " + f.getMessage());
            } catch (SyscallException e) {
                failure = Optional.of(walk.where() + ": " + e.getMessage());
            } finally {
                walk.releasePending();
            }
            // Before the teardown below, whose aborts send RSTs of finack's own.
            after = before.isPresent() ? counters() : Optional.empty();
            connectCalled = walk.connectCalled;
        } catch (SyscallException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            if (realtime) {
                ThreadScheduling.tryRealtime(false);
            }
            router.detach(plan.harness());
            fds.close();
        }
        if (failure.isEmpty()) {
            // As in packetdrill, once the last line is done; and once the capture has let go of
            // the plan, so that the interpreter's run time adds no frames to its record.
            failure = python.run().map(f -> where(f.step()) + ": " + f.reason());
        }
        if (sniffer.failure().isPresent()) {
            throw new IOException("the capture failed: " + sniffer.failure().get().getMessage(), sniffer.failure().get());
        }
        List<CapturedFrame> frames = exchange.frames();
        List<CapturedFrame> injected = frames.stream().filter(f -> f.tcp().source().equals(plan.harness())).toList();
        return new Record(frames, failure, states.stream().map(s -> s.placedIn(frames)).toList(), reactionMicros(injected, exchange),
                connectMillis(frames, connectCalled), injected.isEmpty() ? 0 : injected.get(0).epochNanos(), invalidRatelimit(),
                python.record(), exchange.otherFrames(), after.map(a -> before.get().deltaTo(a)),
                io.finack.kernel.Libc.C.gettid(), replyFrames(injected, exchange));
    }

    /** The numbers of the injected frames that went out as replies, from the capture thread. */
    private static Set<Long> replyFrames(List<CapturedFrame> injected, FrameExchange exchange) {
        Set<Long> replies = new HashSet<>();
        for (FrameExchange.Reaction r : exchange.reactions()) {
            if (r.injection() < injected.size()) {
                replies.add(injected.get(r.injection()).number());
            }
        }
        return replies;
    }

    /** The calling thread's namespace's counters; empty when /proc cannot give them (the run goes on). */
    static Optional<NetCounters> counters() {
        try {
            return Optional.of(NetCounters.read());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Where step {@code index} was written: its script line, or its number. */
    private String where(int index) {
        return plan.timeline().map(t -> t.sources().get(index)).orElse("step " + (index + 1));
    }

    /**
     * The calling thread's namespace's net.ipv4.tcp_invalid_ratelimit (/proc/sys/net answers for
     * the reading thread's namespace; read-only in a container, but readable), the kernel's
     * default if it cannot be read. Read through a buffered reader: a sysctl file answers only
     * a read from offset 0, and Files.readString of a file whose size shows as 0 reads one byte
     * first ("5" of "500").
     */
    private static Duration invalidRatelimit() {
        try {
            return Duration.ofMillis(Long.parseLong(Files.readAllLines(INVALID_RATELIMIT).get(0).strip()));
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return ReconnectReply.DEFAULT_INVALID_RATELIMIT;
        }
    }

    /**
     * From the kernel's first SYN after the connect() call to its ACK that completes the
     * handshake, by the capture's clock: the kernel is ESTABLISHED when it sends that ACK.
     * Measured on the wire, not around the harness's own calls, whose JNA set-up and wake-ups
     * are not the kernel's.
     */
    private OptionalDouble connectMillis(List<CapturedFrame> frames, OptionalLong connectCalled) {
        if (connectCalled.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<CapturedFrame> fromKernel = frames.stream()
                .filter(f -> f.epochNanos() >= connectCalled.getAsLong() && f.tcp().source().equals(plan.kernel()))
                .toList();
        Optional<CapturedFrame> syn = fromKernel.stream().filter(f -> f.tcp().segment().flags().equals(Flags.SYN_ONLY)).findFirst();
        Optional<CapturedFrame> established = fromKernel.stream()
                .filter(f -> f.tcp().segment().flags().equals(Flags.ACK_ONLY) && f.tcp().segment().payloadLength() == 0)
                .findFirst();
        if (syn.isEmpty() || established.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(established.get().millisAfter(syn.get()));
    }

    /** Harness frames ({@code injected}) appear in the capture in injection order, so the k-th is injection k. */
    private static List<Double> reactionMicros(List<CapturedFrame> injected, FrameExchange exchange) {
        List<Double> micros = new ArrayList<>();
        for (FrameExchange.Reaction r : exchange.reactions()) {
            if (r.injection() < injected.size()) {
                micros.add((injected.get(r.injection()).epochNanos() - r.triggerNanos()) / 1e3);
            }
        }
        return micros;
    }

    /**
     * What a call did: its value, the errno it failed with (0: none), packetdrill's message for
     * an output that did not match, the error's message when it failed, and when it returned.
     */
    private record Outcome(long value, int errno, Optional<String> mismatch, String detail, long returnedNanos) {
        SocketCall.Result result() {
            return errno == 0 ? SocketCall.Result.of(value) : new SocketCall.Result(-1, Errno.ofNumber(errno));
        }
    }

    /** A blocking call started on the syscall thread at step {@code index}, in {@code window}. */
    private record Pending(int index, ScriptClock.Window window, Step.Call step, Optional<KernelSocket> socket,
                           java.util.concurrent.CompletableFuture<Outcome> outcome) {
    }

    /** The walk through the steps, with the state it needs along the way. */
    private final class Walk {
        /** How long a script's blocking call may take to return before the next one starts. */
        private static final Duration PENDING_WAIT = Duration.ofSeconds(10);
        /** How long a blocking call still running when the script ends may take to return. */
        private static final Duration PENDING_AT_END = Duration.ofSeconds(2);
        /** How long the capture may lag behind the harness's own last injection. */
        private static final Duration CAPTURE_WAIT = Duration.ofSeconds(1);

        private final FrameExchange exchange;
        private final FdTable fds;
        private final CallContext context;
        private final SockDiag diag;
        private final List<StateObservation> states;
        private final ScriptClock clock = new ScriptClock(plan.timeline());
        private final SyscallThread syscalls;
        private final ShellCommands shells;
        private final PythonBlocks python;
        /** The blocking call still running on the syscall thread, if any. */
        private Pending pending;
        private OptionalLong connectCalled = OptionalLong.empty();
        /** The clock's slip when the kernel's first TS value was paired with the script's, for the TS tick check. */
        private Long slipAtFirstTimestamp;
        private int index;

        Walk(FrameExchange exchange, FdTable fds, SockDiag diag, List<StateObservation> states,
             SyscallThread syscalls, ShellCommands shells, PythonBlocks python) {
            this.syscalls = syscalls;
            this.python = python;
            this.shells = shells;
            this.exchange = exchange;
            this.fds = fds;
            this.context = new CallContext(fds, plan.socketFamily(), plan.kernel(), clock::wallMicros,
                    plan.timeline().map(t -> t.tolerance().micros()).orElse(Tolerance.DEFAULT.micros()),
                    exchange::socketOpened, nanos -> connectCalled = OptionalLong.of(nanos), kernel -> {
                        router.move(plan.harness(), kernel);
                        exchange.kernelMoved(kernel);
                    });
            this.diag = diag;
            this.states = states;
        }

        /** Where the current step was written: its script line, or its number. */
        String where() {
            return PlanRunner.this.where(index);
        }

        void steps() throws PlanFailure, SyscallException, IOException {
            List<Step> steps = plan.steps();
            // Every injection is encoded before the first step: encoding is slow until warm.
            Map<Integer, FrameExchange.Reply> prepared = new HashMap<>();
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) instanceof Step.Inject inject) {
                    prepared.put(i, exchange.prepare(inject.segment()));
                }
            }
            int preamble = plan.timeline().map(Timeline::preamble).orElse(0);
            for (index = 0; index < preamble; index++) {
                shells.run((Step.Shell) steps.get(index));
            }
            clock.start();
            for (index = preamble; index < steps.size(); index++) {
                settle();
                Step step = steps.get(index);
                if (step instanceof Step.Expect expect) {
                    List<FrameExchange.Reply> replies = repliesAfter(index, prepared);
                    awaitFrame(expect, exchange.arm(expect, replies), replies.size());
                } else if ((step instanceof Step.Call || step instanceof Step.Inject)
                        && index + 1 < steps.size() && steps.get(index + 1) instanceof Step.Expect expect) {
                    // Armed before the action, so the frame it makes the kernel send is
                    // answered the moment it is captured (a reply to an injected segment
                    // is often sent within the injecting system call itself).
                    List<FrameExchange.Reply> replies = repliesAfter(index + 1, prepared);
                    FrameExchange.Armed armed = exchange.arm(expect, replies);
                    perform(step, prepared);
                    index++;
                    awaitFrame(expect, armed, replies.size());
                } else {
                    perform(step, prepared);
                }
            }
            if (pending != null) {
                index = steps.size() - 1;
                awaitPending(PENDING_AT_END);
            }
        }

        /** Waits for the kernel frame of the expectation at {@code index}, then counts its replies as done. */
        private void awaitFrame(Step.Expect expect, FrameExchange.Armed armed, int replies)
                throws PlanFailure, IOException {
            ScriptClock.Window window = clock.window(index);
            CapturedFrame frame;
            try {
                frame = exchange.await(armed, clock.waitFor(window, expect.within()));
            } catch (PlanFailure f) {
                throw f.frameNanos() != 0 && clock.timed()
                        ? new PlanFailure(f.getMessage() + "\n  " + clock.when(window, f.frameNanos())) : f;
            }
            if (slipAtFirstTimestamp == null && exchange.numbers().scriptTimestamp(0).isPresent()) {
                slipAtFirstTimestamp = clock.slipMicros();
            }
            long slip = slipAtFirstTimestamp == null ? 0 : clock.slipMicros() - slipAtFirstTimestamp;
            Optional<String> ticks = expect.pattern().timestampTickMismatch(frame.tcp().segment(), exchange.numbers(),
                    plan.timeline().map(t -> t.tolerance().forGap(window.low())).orElse(0L), slip);
            if (ticks.isPresent()) {
                throw new PlanFailure(expect.label() + ": frame #" + frame.number() + " " + ticks.get()
                        + "\n  expected: " + expect.pattern() + "\n  actual:   " + frame.tcp());
            }
            Optional<String> timing = clock.timingError(window, frame.epochNanos(), "outbound packet");
            if (timing.isPresent()) {
                throw new PlanFailure(timing.get() + "\n  expected: " + expect.pattern() + "\n  actual:   " + frame.tcp());
            }
            // As in packetdrill, later relative times count from when the frame came, if late.
            clock.acted(window, frame.epochNanos());
            // The replies went out from the capture thread, late if it was: the clock slips by
            // as much, so the kernel's answer to them is judged from when they were sent.
            long replied = armed.repliedNanos().get();
            for (int i = 0; i < replies; i++) {
                index++;
                clock.acted(clock.window(index), replied != 0 ? replied : frame.epochNanos());
            }
        }

        /** A step that is the harness's own doing, at its time. */
        private void perform(Step step, Map<Integer, FrameExchange.Reply> prepared)
                throws SyscallException, PlanFailure, IOException {
            ScriptClock.Window window = clock.window(index);
            clock.sleepUntil(window);
            long at = wallNanos();
            if (step instanceof Step.Call call) {
                at = call(call, window, at);
            } else if (step instanceof Step.Inject) {
                at = exchange.inject(prepared.get(index));
            } else if (step instanceof Step.InjectIcmp icmp) {
                at = exchange.injectIcmp(icmp.icmp());
            } else if (step instanceof Step.Pause pause) {
                sleep(pause.length().toNanos());
            } else if (step instanceof Step.ExpectState expectState) {
                checkState(expectState);
            } else if (step instanceof Step.Shell shell) {
                // On this thread, so that the command starts in the plan's network namespace.
                shells.run(shell);
            } else if (step instanceof Step.CheckVerdict verdict) {
                checkVerdict(verdict);
            } else if (step instanceof Step.ObserveState) {
                keep(diag.find(exchange.kernel(), plan.harness()));
            } else if (step instanceof Step.Python block) {
                SocketUnderTest underTest = SocketUnderTest.at(plan.steps(), index);
                python.read(index, block, underTest.exists(), underTest.fd().isPresent() ? fds.openSocket(underTest.fd().getAsInt())
                        : Optional.empty());
            }
            clock.acted(window, at);
        }

        /**
         * The injections that directly follow the expectation at {@code expectIndex} at once
         * ({@code +0}): its reply, sent from the capture thread.
         */
        private List<FrameExchange.Reply> repliesAfter(int expectIndex, Map<Integer, FrameExchange.Reply> prepared) {
            List<FrameExchange.Reply> replies = new ArrayList<>();
            for (int i = expectIndex + 1; prepared.containsKey(i) && clock.immediate(i); i++) {
                replies.add(prepared.get(i));
            }
            return replies;
        }

        /**
         * Runs the call, or starts it on the syscall thread if it may block, and returns the
         * time later relative times count from, as packetdrill counts them: when a call that
         * cannot block returned, or when a blocking one entered the kernel (on its own thread,
         * whose wake-up is not the kernel's doing). {@code at}: when the walk reached the call.
         */
        private long call(Step.Call step, ScriptClock.Window window, long at) throws SyscallException, PlanFailure, IOException {
            if (pending != null) {
                // One call at a time, as on packetdrill's syscall thread: a close(4) after a
                // blocking accept() waits for the accept to return fd 4, even when the accept's
                // thread looked asleep before it had entered the kernel.
                awaitPending(PENDING_WAIT);
            }
            SocketCall call = step.call();
            if (step.expected().isEmpty()) {
                try {
                    call.run(context);
                } catch (CallFailure f) {
                    throw new PlanFailure(failure(call, f.getMessage()));
                }
                return wallNanos();
            }
            java.util.concurrent.atomic.AtomicLong entered = new java.util.concurrent.atomic.AtomicLong(at);
            if (call.mayBlock(fds)) {
                Optional<KernelSocket> socket = fds.openSocket(call.fd());
                java.util.concurrent.CompletableFuture<Outcome> outcome = syscalls.start(() -> attempt(call, entered));
                // Checked at the next step, once the clock counts from the call's start.
                pending = new Pending(index, window, step, socket, outcome);
                return entered.get();
            }
            Outcome outcome = attempt(call, entered);
            clock.began(window, entered.get());
            verify(step, window, outcome);
            return outcome.returnedNanos();
        }

        /**
         * Wakes a blocking call the walk no longer waits for (the plan failed before it
         * returned): closing its socket later would not wake an accept() or a read(), and its
         * thread would stay blocked.
         */
        void releasePending() {
            if (pending != null && !pending.outcome().isDone()) {
                wake(pending);
            }
        }

        private static void wake(Pending pending) {
            try {
                if (pending.socket().isPresent()) {
                    pending.socket().get().shutdown(io.finack.kernel.Libc.SHUT_RDWR);
                }
            } catch (SyscallException | IllegalStateException ignored) {
                // the socket is already closed or unconnected: nothing blocks on it
            }
        }

        /** Checks the blocking call's result once it has returned. */
        private void settle() throws PlanFailure {
            if (pending != null && pending.outcome().isDone()) {
                Pending done = pending;
                pending = null;
                Outcome outcome = done.outcome().join();
                int now = index;
                index = done.index();
                verify(done.step(), done.window(), outcome);
                index = now;
            }
        }

        /** Waits for the blocking call; one still blocked after {@code limit} fails the plan at its line. */
        private void awaitPending(Duration limit) throws PlanFailure, IOException {
            try {
                pending.outcome().get(limit.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                index = pending.index();
                // Wakes the call, so that its thread does not outlive the plan.
                wake(pending);
                throw new PlanFailure(failure(pending.step().call(), "still blocked " + limit.toMillis()
                        + " ms later, with nothing left in the script to unblock it"));
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("a blocking call failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            settle();
        }

        /** Runs the call; {@code entered} is set to when it started, on the thread that runs it. */
        private Outcome attempt(SocketCall call, java.util.concurrent.atomic.AtomicLong entered) throws PlanFailure {
            entered.set(wallNanos());
            try {
                SocketCall.Returned returned = call.run(context);
                return new Outcome(returned.value(), 0, returned.mismatch(), "", wallNanos());
            } catch (SyscallException e) {
                return new Outcome(-1, e.errno(), Optional.empty(), e.getMessage(), wallNanos());
            } catch (CallFailure f) {
                throw new PlanFailure(failure(call, f.getMessage()));
            }
        }

        /**
         * The call's result as packetdrill checks it (the value, then the errno when the
         * script names one), then what else it returned, and for a {@code start...end} line
         * the time it returned.
         */
        private void verify(Step.Call step, ScriptClock.Window window, Outcome outcome) throws PlanFailure {
            SocketCall.Result expected = step.expected().orElseThrow();
            if (outcome.value() != expected.value()) {
                throw new PlanFailure(failure(step.call(), "Expected result " + expected.value() + " but got " + outcome.value()
                        + (outcome.errno() == 0 ? "" : " with errno " + outcome.errno() + " (" + strerror(outcome.errno()) + ")")));
            }
            if (expected.errno().isPresent() && expected.errno().get().number() != outcome.errno()) {
                int wanted = expected.errno().get().number();
                throw new PlanFailure(failure(step.call(), "Expected errno " + wanted + " (" + strerror(wanted) + ") but got "
                        + outcome.errno() + " (" + strerror(outcome.errno()) + ")"));
            }
            if (outcome.mismatch().isPresent()) {
                throw new PlanFailure(failure(step.call(), outcome.mismatch().get()));
            }
            Optional<String> late = clock.returnError(index, window, outcome.returnedNanos());
            if (late.isPresent()) {
                throw new PlanFailure(failure(step.call(), late.get()));
            }
        }

        /** packetdrill's "runtime error in NAME call: REASON", for a call as written. */
        private static String failure(SocketCall call, String reason) {
            return "runtime error in " + call.name() + " call: " + reason;
        }

        private static String strerror(int errno) {
            return errno == 0 ? "Success" : io.finack.kernel.Libc.C.strerror(errno);
        }

        private void keep(Optional<SocketInfo> seen) {
            states.add(new StateObservation(index + 1, wallNanos(), 0, seen.map(SocketInfo::state),
                    seen.flatMap(SocketInfo::tcpInfo)));
        }

        private void checkState(Step.ExpectState step) throws PlanFailure, IOException, SyscallException {
            long deadline = System.nanoTime() + step.within().toNanos();
            Optional<SocketInfo> socket;
            Optional<TcpState> seen;
            while (true) {
                socket = diag.find(exchange.kernel(), plan.harness());
                seen = socket.map(SocketInfo::state);
                if (seen.equals(step.state()) || System.nanoTime() - deadline >= 0) {
                    break;
                }
                sleep(STATE_POLL_NANOS);
            }
            keep(socket);
            if (!seen.equals(step.state())) {
                throw new PlanFailure("sock_diag: expected the kernel socket " + exchange.kernel() + " <-> " + plan.harness()
                        + " in " + step.state().map(Enum::name).orElse("no state (gone)") + " within "
                        + step.within().toMillis() + " ms, but it is " + seen.map(Enum::name).orElse("gone"));
            }
        }

        private void checkVerdict(Step.CheckVerdict step) throws PlanFailure, IOException {
            exchange.awaitOwnFramesCaptured(CAPTURE_WAIT);
            Optional<PathFinding> finding = ExperimentRunner.pathOf(StaleAckDetector.detect(exchange.frames()));
            Optional<Verdict> verdict = finding.map(PathFinding::verdict);
            if (!verdict.equals(Optional.of(step.expected()))) {
                throw new PlanFailure("path verdict " + verdict.map(Enum::name).orElse("none (no TCP connection attempt)")
                        + ", expected " + step.expected() + verdict.map(v -> ": " + v.meaning()).orElse("")
                        + finding.map(f -> f.detail().isEmpty() ? "" : " (" + f.detail() + ")").orElse(""));
            }
        }
    }

    /** Wall-clock nanoseconds: the same clock (CLOCK_REALTIME) as the capture's timestamps. */
    static long wallNanos() {
        return CallContext.wallNanos();
    }

    /** Sleeps {@code nanos}; an interrupt ends the plan. */
    static void sleep(long nanos) throws IOException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

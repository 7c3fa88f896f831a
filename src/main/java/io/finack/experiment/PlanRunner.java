package io.finack.experiment;

import io.finack.analysis.ReconnectReply;
import io.finack.kernel.KernelSocket;
import io.finack.kernel.SockDiag;
import io.finack.kernel.SocketInfo;
import io.finack.kernel.SyscallException;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpState;
import io.finack.wire.CapturedFrame;
import io.finack.wire.Sniffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

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
     * observations, and the namespace's net.ipv4.tcp_invalid_ratelimit, which decides whether a
     * timewait socket's silence may be its rate limit.
     */
    public record Record(List<CapturedFrame> frames, Optional<String> failure, List<StateObservation> states,
                         List<Double> reactionMicros, OptionalDouble connectMillis, long firstInjectionNanos,
                         Duration invalidRatelimit) {
    }

    /** Runs the plan on the calling thread, which must be inside the namespace the capture watches. */
    Record run() throws IOException {
        FrameExchange exchange = new FrameExchange(plan.harness(), plan.kernel(), sniffer, new SequenceMap());
        Map<Integer, KernelSocket> sockets = new HashMap<>();
        List<StateObservation> states = new ArrayList<>();
        Optional<String> failure = Optional.empty();
        OptionalLong connectCalled = OptionalLong.empty();
        router.attach(plan.kernel(), plan.harness(), exchange, wallNanos());
        try (SockDiag diag = SockDiag.open()) {
            Walk walk = new Walk(exchange, sockets, diag, states);
            try {
                walk.steps();
            } catch (PlanFailure f) {
                failure = Optional.of("step " + (walk.index + 1) + ": " + f.getMessage());
            } catch (SyscallException e) {
                failure = Optional.of("step " + (walk.index + 1) + ": " + e.getMessage());
            }
            connectCalled = walk.connectCalled;
        } catch (SyscallException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            router.detach(plan.harness());
            closeAll(sockets.values());
        }
        if (sniffer.failure().isPresent()) {
            throw new IOException("the capture failed: " + sniffer.failure().get().getMessage(), sniffer.failure().get());
        }
        List<CapturedFrame> frames = exchange.frames();
        return new Record(frames, failure, states.stream().map(s -> s.placedIn(frames)).toList(), reactionMicros(frames, exchange), connectMillis(frames, connectCalled),
                frames.stream().filter(f -> f.tcp().source().equals(plan.harness()))
                        .mapToLong(CapturedFrame::epochNanos).findFirst().orElse(0), invalidRatelimit());
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
     * Closes the sockets the plan left open, aborting them (SO_LINGER {1, 0}: RST, no FIN) so
     * that none stays behind as an orphan retransmitting its FIN to the guarded harness port. In
     * a namespace that later runs use, it would hold the 4-tuple, and the next run's connect()
     * from the same port would fail with EADDRNOTAVAIL.
     */
    private static void closeAll(Iterable<KernelSocket> sockets) throws IOException {
        IOException failed = null;
        for (KernelSocket s : sockets) {
            try {
                s.linger(true, 0);
            } catch (SyscallException e) {
                failed = failed == null ? new IOException("teardown: " + e.getMessage(), e) : failed;
            }
            try {
                s.close();
            } catch (SyscallException e) {
                failed = failed == null ? new IOException("teardown: " + e.getMessage(), e) : failed;
            }
        }
        if (failed != null) {
            throw failed;
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

    /** Harness frames appear in the capture in injection order, so the k-th is injection k. */
    private List<Double> reactionMicros(List<CapturedFrame> frames, FrameExchange exchange) {
        List<CapturedFrame> injected = frames.stream().filter(f -> f.tcp().source().equals(plan.harness())).toList();
        List<Double> micros = new ArrayList<>();
        for (FrameExchange.Reaction r : exchange.reactions()) {
            if (r.injection() < injected.size()) {
                micros.add((injected.get(r.injection()).epochNanos() - r.triggerNanos()) / 1e3);
            }
        }
        return micros;
    }

    /** The walk through the steps, with the state it needs along the way. */
    private final class Walk {
        private final FrameExchange exchange;
        private final Map<Integer, KernelSocket> sockets;
        private final SockDiag diag;
        private final List<StateObservation> states;
        private OptionalLong connectCalled = OptionalLong.empty();
        private int index;

        Walk(FrameExchange exchange, Map<Integer, KernelSocket> sockets, SockDiag diag, List<StateObservation> states) {
            this.exchange = exchange;
            this.sockets = sockets;
            this.diag = diag;
            this.states = states;
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
            for (index = 0; index < steps.size(); index++) {
                Step step = steps.get(index);
                if (step instanceof Step.Expect expect) {
                    List<FrameExchange.Reply> replies = repliesAfter(index, prepared);
                    exchange.expect(expect, replies);
                    index += replies.size();
                } else if (step instanceof Step.Call || step instanceof Step.Inject) {
                    if (index + 1 < steps.size() && steps.get(index + 1) instanceof Step.Expect expect) {
                        // Armed before the action, so the frame it makes the kernel send is
                        // answered the moment it is captured (a reply to an injected segment
                        // is often sent within the injecting system call itself).
                        List<FrameExchange.Reply> replies = repliesAfter(index + 1, prepared);
                        FrameExchange.Armed armed = exchange.arm(expect, replies);
                        act(step, prepared);
                        index++;
                        exchange.await(armed);
                        index += replies.size();
                    } else {
                        act(step, prepared);
                    }
                } else if (step instanceof Step.Pause pause) {
                    sleep(pause.length().toNanos());
                } else if (step instanceof Step.ExpectState expectState) {
                    checkState(expectState);
                } else if (step instanceof Step.ObserveState) {
                    keep(diag.find(plan.kernel(), plan.harness()).map(SocketInfo::state));
                }
            }
        }

        private void act(Step step, Map<Integer, FrameExchange.Reply> prepared)
                throws SyscallException, PlanFailure, IOException {
            if (step instanceof Step.Call call) {
                call(call.call());
            } else {
                exchange.inject(prepared.get(index));
            }
        }

        /** The injections that directly follow the expectation at {@code expectIndex}: its reply. */
        private List<FrameExchange.Reply> repliesAfter(int expectIndex, Map<Integer, FrameExchange.Reply> prepared) {
            List<FrameExchange.Reply> replies = new ArrayList<>();
            for (int i = expectIndex + 1; prepared.containsKey(i); i++) {
                replies.add(prepared.get(i));
            }
            return replies;
        }

        private void call(SocketCall call) throws SyscallException, PlanFailure {
            if (call instanceof SocketCall.Open open) {
                sockets.put(open.fd(), KernelSocket.open(plan.family()));
                return;
            }
            KernelSocket socket = socket(call.fd(), call);
            if (call instanceof SocketCall.ReuseAddress) {
                socket.reuseAddress(true);
            } else if (call instanceof SocketCall.Linger linger) {
                socket.linger(true, linger.seconds());
            } else if (call instanceof SocketCall.NonBlocking) {
                socket.nonBlocking(true);
            } else if (call instanceof SocketCall.Bind bind) {
                socket.bind(bind.local());
            } else if (call instanceof SocketCall.Listen listen) {
                socket.listen(listen.backlog());
            } else if (call instanceof SocketCall.Accept accept) {
                sockets.put(accept.accepted(), socket.accept(accept.within()));
            } else if (call instanceof SocketCall.Connect connect) {
                connectCalled = OptionalLong.of(wallNanos());
                socket.connect(connect.remote());
            } else if (call instanceof SocketCall.AwaitConnected await) {
                socket.awaitConnected(await.within());
            } else if (call instanceof SocketCall.Close) {
                socket.close();
                sockets.remove(call.fd());
            }
        }

        private KernelSocket socket(int fd, SocketCall call) throws PlanFailure {
            KernelSocket socket = sockets.get(fd);
            if (socket == null) {
                throw new PlanFailure(call + ": no socket " + fd + " is open");
            }
            return socket;
        }

        private void keep(Optional<TcpState> seen) {
            states.add(new StateObservation(index + 1, wallNanos(), 0, seen));
        }

        private void checkState(Step.ExpectState step) throws PlanFailure, IOException, SyscallException {
            long deadline = System.nanoTime() + step.within().toNanos();
            Optional<TcpState> seen;
            while (true) {
                seen = diag.find(plan.kernel(), plan.harness()).map(SocketInfo::state);
                if (seen.equals(step.state()) || System.nanoTime() - deadline >= 0) {
                    break;
                }
                sleep(STATE_POLL_NANOS);
            }
            keep(seen);
            if (!seen.equals(step.state())) {
                throw new PlanFailure("sock_diag: expected the kernel socket " + plan.kernel() + " <-> " + plan.harness()
                        + " in " + step.state().map(Enum::name).orElse("no state (gone)") + " within "
                        + step.within().toMillis() + " ms, but it is " + seen.map(Enum::name).orElse("gone"));
            }
        }
    }

    /** Wall-clock nanoseconds: the same clock (CLOCK_REALTIME) as the capture's timestamps. */
    static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void sleep(long nanos) throws IOException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

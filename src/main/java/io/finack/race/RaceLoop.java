package io.finack.race;

import io.finack.kernel.KernelSocket;
import io.finack.kernel.SockDiag;
import io.finack.kernel.SocketInfo;
import io.finack.kernel.SyscallException;
import io.finack.kernel.ThreadScheduling;
import io.finack.sandbox.Sandbox;
import io.finack.sandbox.SandboxException;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.SeqNum;
import io.finack.tcp.TcpOption;
import io.finack.tcp.TcpState;
import io.finack.wire.FrameView;
import io.finack.wire.PacketSocket;
import io.finack.wire.PreparedFrame;
import io.finack.wire.Sniffer;
import io.finack.wire.TcpFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs the race many times in one sandbox. One kernel listener, one capture and one pair of
 * packet sockets serve every iteration; each iteration is a new connection from the next port
 * of a pool the nft guard covers:
 *
 * <ol>
 *   <li>the harness's SYN, the kernel's SYN/ACK (its ISN read from the capture), the ACK,
 *       accept(), close(): the kernel sends its FIN and is in FIN_WAIT1;</li>
 *   <li>the peer's ACK of that FIN and its closing segment (FIN/ACK or RST/ACK), sent at once from
 *       two threads pinned to two CPUs (the race) or one after the other from one (the control).
 *       On lo a frame is processed on the CPU that sends it, within the send call.</li>
 * </ol>
 *
 * Every batch of iterations ends with one sock_diag dump: the state of each batch's socket
 * classifies its iteration; a FIN_WAIT2 socket gets a SYN from the same port, which must get
 * the stale ACK; then an RST at the socket's rcv_nxt clears it, so the port can serve again.
 * The loop runs on one thread that injects and reads the capture itself: every frame the kernel
 * sends in answer is in the ring when the send call returns, so no capture thread is woken.
 */
public final class RaceLoop {
    static final int KERNEL_PORT = 8080;
    /** The harness's ISN on every connection. */
    static final long HARNESS_ISN = 1_000_000;
    /** A reconnecting SYN's seq, far outside the old connection's window (as finwait2-stale-ack's). */
    static final long RECONNECT_SEQ = SeqNum.add(HARNESS_ISN, 1L << 31);
    static final int FIRST_PORT = 20000;
    static final int PORTS = 1024;
    /** Every frame of the loop is far shorter: only headers, no payload, no TCP option but MSS. */
    private static final int SNAPLEN = 256;
    /** Iterations per sock_diag dump. */
    static final int BATCH = 256;
    private static final int MAX_ERRORS_KEPT = 5;
    private static final long PROMPT_NANOS = 1_000_000_000L;
    private static final Duration PROMPT = Duration.ofSeconds(1);
    /**
     * How long the driver waits for the partner before the run fails. A round cannot be given
     * up alone: the partner would send that round's frame late, into the next connection. On a
     * machine with many more runnable threads than CPUs a pinned thread was seen to wait over
     * 1 s for its CPU.
     */
    private static final long PARTNER_LIMIT_NANOS = 10_000_000_000L;
    private static final TcpOption.Mss MSS = new TcpOption.Mss(1460);
    private static final String STALE_ACK = "stale ACK";

    /** Where an iteration's time goes, in the loop's order. */
    private enum Phase {
        HANDSHAKE, CLOSE, SEGMENTS, SOCK_DIAG, SETTLE;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final RaceSpec spec;
    private final Endpoint kernel;
    private final Sniffer sniffer;
    private final PacketSocket socket;
    private final RacePartner partner;
    private final SpinBarrier barrier;
    private final SockDiag diag;
    private final KernelSocket listener;
    private final RaceCapture capture;
    private final PreparedFrame syn;
    private final PreparedFrame ack;
    private final PreparedFrame closing;
    private final PreparedFrame rst;
    private final byte[] frame;
    private final long[] phaseNanos = new long[Phase.values().length];
    private final List<RaceResult.Hit> hits = new ArrayList<>();
    private final Optional<HitsPcap> hitsPcap;
    private final Map<Delivery, Tally> tallies = new EnumMap<>(Delivery.class);
    private int leftovers;
    private long round;

    private RaceLoop(RaceSpec spec, Sniffer sniffer, PacketSocket socket, RacePartner partner, SpinBarrier barrier,
                     SockDiag diag, KernelSocket listener) {
        this.spec = spec;
        this.kernel = new Endpoint(spec.family().loopback(), KERNEL_PORT);
        this.sniffer = sniffer;
        this.socket = socket;
        this.partner = partner;
        this.barrier = barrier;
        this.diag = diag;
        this.listener = listener;
        Endpoint harness = new Endpoint(spec.family().loopback(), FIRST_PORT);
        this.syn = prepare(harness, Flags.SYN_ONLY, MSS);
        this.ack = prepare(harness, Flags.ACK_ONLY);
        this.closing = prepare(harness, spec.closing().flags());
        this.rst = prepare(harness, Flags.RST_ONLY);
        this.frame = new byte[Math.max(syn.length(), closing.length())];
        this.hitsPcap = spec.outDir().map(dir -> new HitsPcap(dir.resolve(String.format(Locale.ROOT, "race-%s-%s-hits.pcap",
                spec.closing().word(), spec.family()))));
        this.capture = new RaceCapture(KERNEL_PORT, spec.closing().flags(), hitsPcap.isPresent());
    }

    private PreparedFrame prepare(Endpoint harness, Flags flags, TcpOption... options) {
        return PreparedFrame.of(new TcpFrame(harness, kernel, Segment.builder().flags(flags).seq(0)
                .window(65535).options(options).build()));
    }

    /** The harness ports, all guarded: iteration i uses port FIRST_PORT + i mod PORTS. */
    static Set<Integer> ports() {
        return IntStream.range(FIRST_PORT, FIRST_PORT + PORTS).boxed().collect(Collectors.toSet());
    }

    /**
     * Runs {@code spec} in a fresh sandbox and returns what it found. {@code progress} gets the
     * number of iterations done after each batch. Throws when the sandbox, the capture or the
     * threads cannot be set up, or the two racers lose each other (a SandboxException then
     * carries the loop's own error).
     */
    public static RaceResult run(RaceSpec spec, IntConsumer progress) throws SandboxException {
        try (Sandbox sandbox = Sandbox.open(new SandboxSpec(SandboxSpec.Mode.FRESH, "race-" + spec.family(), ports(),
                OptionalInt.empty()))) {
            // The namespace's own thread drives the loop: it is this sandbox's alone, and ends with it.
            return sandbox.namespace().call(() -> runHere(spec, progress));
        }
    }

    /** On a thread inside the sandbox's namespace: opens everything, loops, closes everything. */
    private static RaceResult runHere(RaceSpec spec, IntConsumer progress) throws IOException, SyscallException {
        ThreadScheduling.pinCurrentThread(spec.ackCpu());
        try (Sniffer sniffer = Sniffer.open(SNAPLEN);
             PacketSocket driverSocket = PacketSocket.openLoopback();
             PacketSocket partnerSocket = PacketSocket.openLoopback();
             SockDiag diag = SockDiag.open();
             KernelSocket listener = KernelSocket.open(spec.family())) {
            listener.reuseAddress(true);
            listener.bind(new Endpoint(spec.family().loopback(), KERNEL_PORT));
            listener.listen(BATCH);
            SpinBarrier barrier = new SpinBarrier();
            RacePartner partner = new RacePartner(spec.closeCpu(), spec.realtime(),
                    Math.max(0, spec.offsetNanos()), partnerSocket, barrier, 128);
            partner.start();
            RaceLoop loop = new RaceLoop(spec, sniffer, driverSocket, partner, barrier, diag, listener);
            try {
                return loop.loop(progress);
            } finally {
                partner.stop();
                if (loop.hitsPcap.isPresent()) {
                    loop.hitsPcap.get().close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The schedule: race and control batches alternate, so that both meet the same load. */
    private RaceResult loop(IntConsumer progress) throws IOException, SyscallException {
        List<Delivery> order = spec.control()
                ? List.of(Delivery.CONCURRENT, Delivery.ACK_FIRST, Delivery.CONCURRENT, Delivery.CLOSE_FIRST)
                : List.of(Delivery.CONCURRENT);
        Map<Delivery, Integer> quota = new EnumMap<>(Delivery.class);
        quota.put(Delivery.CONCURRENT, spec.iterations());
        if (spec.control()) {
            quota.put(Delivery.ACK_FIRST, (spec.iterations() + 1) / 2);
            quota.put(Delivery.CLOSE_FIRST, spec.iterations() / 2);
        }
        quota.keySet().forEach(d -> tallies.put(d, new Tally()));
        int total = quota.values().stream().mapToInt(Integer::intValue).sum();
        int done = 0;
        int nextPort = 0;
        long started = System.nanoTime();
        for (int turn = 0; done < total; turn++) {
            Delivery delivery = order.get(turn % order.size());
            Tally tally = tallies.get(delivery);
            int size = Math.min(BATCH, quota.get(delivery) - tally.iterations);
            if (size <= 0) {
                continue;
            }
            int[] ports = new int[size];
            for (int i = 0; i < size; i++) {
                ports[i] = FIRST_PORT + nextPort;
                nextPort = (nextPort + 1) % PORTS;
            }
            batch(delivery, tally, ports);
            done += size;
            progress.accept(done);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> phases = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            phases.put(phase.word(), phaseNanos[phase.ordinal()] / 1e3 / total);
        }
        List<RaceResult.DeliveryResult> deliveries = new ArrayList<>();
        tallies.forEach((d, t) -> deliveries.add(t.result(d)));
        return new RaceResult(spec, deliveries, hits, seconds, phases, leftovers);
    }

    /**
     * One batch: every iteration's connection first, then every iteration's two segments (the
     * partner awake only for these, back to back), then one dump to classify them all.
     */
    private void batch(Delivery delivery, Tally tally, int[] ports) throws IOException, SyscallException {
        String[] errors = new String[ports.length];
        long[] kernelIsns = new long[ports.length];
        for (int i = 0; i < ports.length; i++) {
            try {
                kernelIsns[i] = connectAndClose(ports[i]);
            } catch (IterationError e) {
                errors[i] = e.getMessage();
            }
        }
        long t0 = System.nanoTime();
        boolean realtime = spec.realtime() && delivery.concurrent();
        try {
            if (realtime) {
                // Only while racing: the rest of the loop leaves the CPU to others as usual.
                ThreadScheduling.realtime(true);
            }
            if (delivery.concurrent() && !partner.activate(t0 + PARTNER_LIMIT_NANOS)) {
                throw partnerLate("wake");
            }
            for (int i = 0; i < ports.length; i++) {
                if (errors[i] == null) {
                    segments(delivery, ports[i], kernelIsns[i]);
                }
            }
        } finally {
            partner.deactivate();
            if (realtime) {
                ThreadScheduling.realtime(false);
            }
        }
        long t1 = System.nanoTime();
        phaseNanos[Phase.SEGMENTS.ordinal()] += t1 - t0;
        sniffer.drain(capture);
        Map<Integer, TcpState> states = new HashMap<>();
        for (SocketInfo s : diag.dump()) {
            if (s.local().equals(kernel) && s.state() != TcpState.LISTEN) {
                states.put(s.remote().port(), s.state());
            }
        }
        long t2 = System.nanoTime();
        phaseNanos[Phase.SOCK_DIAG.ordinal()] += t2 - t1;
        for (int i = 0; i < ports.length; i++) {
            int port = ports[i];
            Optional<TcpState> state = Optional.ofNullable(states.remove(port));
            Outcome outcome = errors[i] != null ? Outcome.HARNESS_ERROR : Outcome.of(state);
            int iteration = tally.record(outcome, capture.skewNanos(port), errors[i], state);
            Optional<String> evidence = outcome.hit() ? Optional.of(confirm(port)) : Optional.empty();
            clear(port, state);
            if (evidence.isPresent()) {
                hits.add(hit(delivery, iteration, port, evidence.get()));
            }
        }
        // Sockets of an earlier batch that its cleanup missed: cleared now, and counted.
        for (Map.Entry<Integer, TcpState> left : states.entrySet()) {
            leftovers++;
            clear(left.getKey(), Optional.of(left.getValue()));
        }
        sniffer.drain(capture);
        capture.clearBatch();
        phaseNanos[Phase.SETTLE.ordinal()] += System.nanoTime() - t2;
    }

    /**
     * A connection from {@code port} that the kernel accepts and closes: its FIN is sent and it
     * waits in FIN_WAIT1 for the peer. Returns the kernel's ISN.
     */
    private long connectAndClose(int port) throws IOException, IterationError {
        long t0 = System.nanoTime();
        capture.startConnection(port);
        send(syn, port, HARNESS_ISN, 0);
        long isn = awaitSynAck(port);
        send(ack, port, SeqNum.add(HARNESS_ISN, 1), SeqNum.add(isn, 1));
        KernelSocket accepted;
        try {
            accepted = listener.accept(PROMPT);
        } catch (SyscallException e) {
            throw new IterationError("accept after the handshake from port " + port + ": " + e.getMessage());
        }
        long t1 = System.nanoTime();
        try {
            accepted.close();
        } catch (SyscallException e) {
            throw new IterationError("close of the accepted socket: " + e.getMessage());
        }
        phaseNanos[Phase.HANDSHAKE.ordinal()] += t1 - t0;
        phaseNanos[Phase.CLOSE.ordinal()] += System.nanoTime() - t1;
        return isn;
    }

    /** The peer's ACK of the kernel's FIN and its closing segment, as {@code delivery} says. */
    private void segments(Delivery delivery, int port, long isn) throws IOException {
        long seq = SeqNum.add(HARNESS_ISN, 1);
        long ackOfFin = SeqNum.add(isn, 2);
        capture.expectRace(port, ackOfFin);
        switch (delivery) {
            case CONCURRENT -> race(port, seq, ackOfFin);
            case ACK_FIRST -> {
                send(ack, port, seq, ackOfFin);
                send(closing, port, seq, ackOfFin);
            }
            case CLOSE_FIRST -> {
                send(closing, port, seq, ackOfFin);
                send(ack, port, seq, ackOfFin);
            }
        }
    }

    /** The ACK from this CPU, the closing segment from the partner's, released together. */
    private void race(int port, long seq, long ackOfFin) throws IOException {
        closing.writeTo(partner.frame(), port, seq, ackOfFin);
        partner.post(++round, closing.length());
        ack.writeTo(frame, port, seq, ackOfFin);
        long deadline = System.nanoTime() + PARTNER_LIMIT_NANOS;
        barrier.arrive();
        if (!barrier.awaitBoth(round, deadline)) {
            throw partnerLate("reach the barrier");
        }
        SpinBarrier.spin(-spec.offsetNanos());
        socket.send(frame, ack.length());
        if (!partner.awaitSent(round, deadline)) {
            throw new IOException("the partner thread did not send its segment" + partner.failure()
                    .map(f -> ": " + f.getMessage()).orElse(" within " + PARTNER_LIMIT_NANOS / 1_000_000_000 + " s"));
        }
    }

    /** The partner did not {@code what} within the limit; its own failure, if any, appended. */
    private IOException partnerLate(String what) {
        return new IOException("the partner thread on CPU " + spec.closeCpu() + " did not " + what + " within "
                + PARTNER_LIMIT_NANOS / 1_000_000_000 + " s" + partner.failure().map(f -> ": " + f.getMessage()).orElse(""));
    }

    private void send(PreparedFrame shape, int port, long seq, long ackNumber) throws IOException {
        shape.writeTo(frame, port, seq, ackNumber);
        socket.send(frame, shape.length());
    }

    /** The kernel answers within the SYN's send call on lo; the loop reads the ring until it sees it. */
    private long awaitSynAck(int port) throws IOException, IterationError {
        if (!drainUntil(() -> capture.kernelIsn(port) != RaceCapture.NONE)) {
            throw new IterationError("no SYN/ACK to the SYN from port " + port + " within " + PROMPT.toMillis() + " ms");
        }
        return capture.kernelIsn(port);
    }

    /** Reads the ring until {@code seen} holds; false if it still does not after {@link #PROMPT}. */
    private boolean drainUntil(BooleanSupplier seen) throws IOException {
        long deadline = System.nanoTime() + PROMPT_NANOS;
        while (true) {
            sniffer.drain(capture);
            if (seen.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The seed's symptom on a FIN_WAIT2 socket: a SYN from the same port, far outside the old
     * window, gets an ACK for the old connection (ack = the old rcv_nxt): the stale ACK. Returns
     * what the SYN got, in words; it starts with {@link #STALE_ACK} when it was the stale ACK.
     */
    private String confirm(int port) throws IOException {
        int before = capture.kernelFrames(port);
        send(syn, port, RECONNECT_SEQ, 0);
        if (!drainUntil(() -> capture.kernelFrames(port) != before)) {
            return "the SYN from the same port got no answer within " + PROMPT.toMillis() + " ms";
        }
        long oldRcvNxt = SeqNum.add(HARNESS_ISN, 1);
        FrameView answer = capture.lastFromKernel(port);
        String segment = String.format(Locale.ROOT, "%s seq %d ack %d", answer.flags(), answer.seq(), answer.ack());
        if (answer.flags().equals(Flags.ACK_ONLY) && answer.ack() == oldRcvNxt) {
            return STALE_ACK + ": the SYN from the same port got " + segment + " (ack = the old rcv_nxt)";
        }
        return "the SYN from the same port got " + segment + ", not the stale ACK (ack " + oldRcvNxt + ")";
    }

    /** A confirmed hit, with its connection (cleared by now) appended to the pcap of hits. */
    private RaceResult.Hit hit(Delivery delivery, int iteration, int port, String evidence) throws IOException {
        Optional<RaceResult.PcapFrames> frames = Optional.empty();
        if (hitsPcap.isPresent()) {
            sniffer.drain(capture);
            frames = Optional.of(hitsPcap.get().write(capture.framesOf(port)));
        }
        return new RaceResult.Hit(delivery, iteration, port, capture.skewNanos(port).map(n -> n / 1e3),
                evidence.startsWith(STALE_ACK), evidence, frames);
    }

    /**
     * Clears the kernel's socket of {@code port} with an RST at its rcv_nxt, so that the port
     * can connect again: TIME_WAIT (after the peer's FIN) at ISN + 2, FIN_WAIT2 and full
     * sockets at ISN + 1. An RST at any other seq is out of window and changes nothing.
     */
    private void clear(int port, Optional<TcpState> state) throws IOException {
        if (state.isEmpty()) {
            return;
        }
        if (state.get() != TcpState.TIME_WAIT) {
            send(rst, port, SeqNum.add(HARNESS_ISN, 1), 0);
        }
        if (state.get() != TcpState.FIN_WAIT2) {
            send(rst, port, SeqNum.add(HARNESS_ISN, 2), 0);
        }
        // The ring holds a few dozen frames of lo's full size: read it before it fills.
        sniffer.drain(capture);
    }

    /** One iteration the harness could not finish; the loop goes on with the next. */
    private static final class IterationError extends Exception {
        private static final long serialVersionUID = 1L;

        IterationError(String message) {
            super(message);
        }
    }

    /** The running count of one delivery. */
    private static final class Tally {
        private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        private final List<RaceResult.Skew> skews = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private int iterations;

        /** Counts one iteration and returns its number (from 1). */
        int record(Outcome outcome, Optional<Long> skewNanos, String error, Optional<TcpState> state) {
            iterations++;
            outcomes.merge(outcome, 1, Integer::sum);
            skewNanos.ifPresent(n -> skews.add(new RaceResult.Skew(n / 1e3, outcome)));
            if (errors.size() < MAX_ERRORS_KEPT) {
                if (error != null) {
                    errors.add("iteration " + iterations + ": " + error);
                } else if (outcome == Outcome.OTHER_STATE) {
                    errors.add("iteration " + iterations + ": the kernel socket is in " + state.map(Enum::name).orElse("?"));
                }
            }
            return iterations;
        }

        RaceResult.DeliveryResult result(Delivery delivery) {
            return new RaceResult.DeliveryResult(delivery, iterations, outcomes, skews, errors);
        }
    }
}

package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpHeader;
import io.finack.wire.CapturedFrame;
import io.finack.wire.FrameCodec;
import io.finack.wire.FrameView;
import io.finack.wire.IcmpCodec;
import io.finack.wire.Injector;
import io.finack.wire.PreparedFrame;
import io.finack.wire.Sniffer;
import io.finack.wire.TcpFrame;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where captured frames meet the plan. Every frame goes into the trace; the kernel's frames
 * (any whose source is not the harness's endpoint) queue up in arrival order for the plan's
 * expectations, which take them strictly one by one, as packetdrill does.
 *
 * <p>The reply to an expected frame is sent from the capture thread itself, the moment the
 * frame's header matches, before the frame is decoded in full: handing it to the experiment
 * thread, or decoding first, would add tens to hundreds of microseconds to every reaction.
 * Options are checked right after; a mismatch there still fails the plan.
 */
final class FrameExchange implements Sniffer.Listener {
    private final Endpoint harness;
    /** The kernel's endpoint of the connection followed now: a later socket may connect from another port ({@link #kernelMoved}). */
    private volatile Endpoint kernel;
    /**
     * How long the capture thread spins for an armed expectation before it sleeps: covers the
     * kernel's fast SYN retry (2-3 jiffies, up to 30 ms at HZ=100) but not a 1 s RTO.
     */
    private static final long SPIN_NANOS = 50_000_000;
    private static final int CODEC_WARM_UP_ROUNDS = 20;

    private final Sniffer sniffer;
    private final boolean spin;
    private final Injector injector;
    private final SequenceMap numbers;
    private final Object lock = new Object();
    private final Object sending = new Object();
    private final List<CapturedFrame> frames = new ArrayList<>();
    private final ArrayDeque<CapturedFrame> kernelFrames = new ArrayDeque<>();
    private final List<Reaction> reactions = new ArrayList<>();
    private final List<OtherFrame> otherFrames = new ArrayList<>();
    private int injections;
    private Armed armed;
    /**
     * A socket() call made a new socket, and neither a kernel SYN nor an injection has begun its
     * connection yet: packetdrill follows that socket, whose 4-tuple it does not know, and so
     * takes none of the kernel's frames but a SYN until then.
     */
    private boolean newSocket;

    /** A reply sent because of a kernel frame: the frame's capture time, and the injection's index. */
    record Reaction(long triggerNanos, int injection) {
    }

    /** A segment the harness will send to the kernel, encoded ahead for {@code to} when it can be. */
    record Reply(SegmentTemplate template, PreparedFrame frame, Endpoint to) {
    }

    /**
     * An expectation waiting for the kernel's next frame; {@code repliedNanos} is set to the
     * wall time its replies were sent, 0 until then.
     */
    record Armed(Step.Expect step, List<Reply> replies, CompletableFuture<CapturedFrame> result,
                 java.util.concurrent.atomic.AtomicLong repliedNanos, Fragments fragments) {
    }

    /**
     * {@code spin}: the capture spins while an expectation is armed ({@link #SPIN_NANOS}), for
     * the fastest replies, which finack's own experiments race the kernel with. Off for
     * packetdrill's scripts on tun0: their tolerances are milliseconds, which a sleeping
     * real-time capture thread meets (it wakes in tens of microseconds), while its spinning
     * takes a CPU, on a machine with two, from the plan's own threads and from the kernel's
     * softirq threads that fire its timers; measured on this project's 2 shared vCPUs, late
     * steps then failed scripts that packetdrill passes.
     */
    FrameExchange(Endpoint harness, Endpoint kernel, Sniffer sniffer, SequenceMap numbers, boolean spin) {
        this.spin = spin;
        this.harness = harness;
        this.kernel = kernel;
        this.sniffer = sniffer;
        this.injector = sniffer.injector();
        this.numbers = numbers;
    }

    @Override
    public void frame(long epochNanos, byte[] raw) {
        Optional<FrameView> view = FrameView.of(raw);
        if (view.isEmpty()) {
            if (IcmpCodec.decode(raw).isPresent()) {
                synchronized (lock) {
                    otherFrames.add(new OtherFrame(frames.size() + otherFrames.size() + 1, epochNanos, raw));
                }
            }
            return;
        }
        // A frame of an earlier connection, from a port the kernel no longer follows, is none of
        // the expectations': read under the lock kernelMoved takes, so that none is queued after it.
        boolean fromKernel;
        Armed fire = null;
        synchronized (lock) {
            fromKernel = followed(view.get().sentFrom(kernel) && !view.get().sentFrom(harness), view.get());
            if (fromKernel && armed != null && kernelFrames.isEmpty()) {
                fire = armed;
                armed = null;
            }
        }
        Optional<String> headerMismatch = fire == null ? Optional.empty() : react(fire, view.get(), epochNanos);
        Optional<TcpFrame> tcp = FrameCodec.decodeEthernet(raw);
        if (tcp.isEmpty()) {
            if (fire != null) {
                fire.result().completeExceptionally(new IOException("a captured frame could not be decoded"));
            }
            return;
        }
        CapturedFrame frame;
        Armed late = null;
        synchronized (lock) {
            // Numbered in capture order with the ICMP frames, as the pcap holds them.
            frame = new CapturedFrame(frames.size() + otherFrames.size() + 1, epochNanos, raw, tcp.get());
            frames.add(frame);
            // Checked again: a socket() call or a move may have come since.
            if (fire == null && fromKernel && followed(frame.tcp().source().equals(kernel), frame.tcp().segment())) {
                // The expectation may have been armed while this frame was being decoded.
                if (armed != null && kernelFrames.isEmpty()) {
                    late = armed;
                    armed = null;
                } else {
                    kernelFrames.add(frame);
                }
            }
        }
        if (fire != null) {
            concludeOrWait(fire, frame, headerMismatch);
        } else if (late != null) {
            concludeOrWait(late, frame, react(late, frame.tcp().segment(), epochNanos));
        }
    }

    /** Encodes a segment the harness will send, so that sending it later costs no encoding. */
    Reply prepare(SegmentTemplate template) {
        Endpoint to = kernel;
        return new Reply(template, template.prepare(harness, to), to);
    }

    /** Sends a prepared segment from the harness now. */
    /**
     * Sends a prepared segment from the harness now; returns the wall time it went out, after
     * any encoding at send time, which the script's clock counts from.
     */
    long inject(Reply reply) throws IOException, PlanFailure {
        return sendTimed(reply);
    }

    /**
     * Sends an ICMP error from the harness now. It is no injection of the connection's (the
     * reaction times pair TCP frames); the capture keeps it among the connection's ICMP
     * frames ({@link #otherFrames}).
     */
    long injectIcmp(IcmpTemplate icmp) throws IOException, PlanFailure {
        byte[] frame = icmp.encode(harness, kernel, numbers);
        synchronized (sending) {
            long at = PlanRunner.wallNanos();
            injector.send(frame);
            return at;
        }
    }

    /** A captured ICMP error about the experiment's connection, for the pcap and the ladder. */
    record OtherFrame(long number, long epochNanos, byte[] raw) {
    }

    /** The ICMP errors captured so far, in capture order. */
    List<OtherFrame> otherFrames() {
        synchronized (lock) {
            return List.copyOf(otherFrames);
        }
    }

    SequenceMap numbers() {
        return numbers;
    }

    /**
     * Arms an expectation: the kernel's next frame will be checked against it and answered
     * with {@code replies} the moment it arrives, even before {@link #await} is called.
     */
    Armed arm(Step.Expect step, List<Reply> replies) {
        Armed mine = new Armed(step, List.copyOf(replies), new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicLong(),
                Fragments.of(step.pattern()));
        if (!takeQueuedOrArm(mine) && spin) {
            sniffer.stayAwake(SPIN_NANOS);
        }
        return mine;
    }

    /**
     * Hands {@code target} the kernel frame that came before it was armed, if one is queued,
     * and returns true; else arms it for the next captured one.
     */
    private boolean takeQueuedOrArm(Armed target) {
        CapturedFrame waiting;
        synchronized (lock) {
            waiting = kernelFrames.poll();
            if (waiting == null) {
                armed = target;
            }
        }
        if (waiting != null) {
            concludeOrWait(target, waiting, react(target, waiting.tcp().segment(), waiting.epochNanos()));
        }
        return waiting != null;
    }

    /** Waits up to {@code within} for an armed expectation's frame. */
    CapturedFrame await(Armed mine, java.time.Duration within) throws PlanFailure, IOException {
        Step.Expect step = mine.step();
        try {
            return mine.result().get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            synchronized (lock) {
                if (armed == mine) {
                    armed = null;
                }
            }
            if (mine.result().isDone()) {
                return join(mine);
            }
            throw new PlanFailure(step.label() + ": expected " + step.pattern() + " within "
                    + within.toMillis() + " ms, but the kernel sent nothing");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + step.label(), e);
        } catch (ExecutionException e) {
            return join(mine);
        }
    }

    /**
     * Checks the header and, when it matches, sends the replies; returns the mismatch if any.
     * A segment that leaves the expectation waiting for more ({@link Fragments}) is no
     * mismatch, and sends nothing yet.
     */
    private Optional<String> react(Armed target, TcpHeader header, long triggerNanos) {
        numbers.learnFromKernel(header);
        Optional<String> fragment = target.fragments().add(header);
        if (fragment.isPresent() || target.fragments().waiting()) {
            return fragment;
        }
        Optional<String> mismatch = target.step().pattern().headerMismatch(target.fragments().header(), numbers);
        if (mismatch.isEmpty()) {
            try {
                for (Reply reply : target.replies()) {
                    int index = send(reply);
                    synchronized (lock) {
                        reactions.add(new Reaction(triggerNanos, index));
                    }
                }
                if (!target.replies().isEmpty()) {
                    target.repliedNanos().set(PlanRunner.wallNanos());
                }
            } catch (IOException | PlanFailure | RuntimeException e) {
                target.result().completeExceptionally(e);
            }
        }
        return mismatch;
    }

    /**
     * Concludes the expectation on {@code frame}, or, when it waits for more of an aggregate,
     * arms it again for the next kernel frame (one already queued, or the next captured).
     */
    private void concludeOrWait(Armed target, CapturedFrame frame, Optional<String> headerMismatch) {
        if (headerMismatch.isPresent() || !target.fragments().waiting()) {
            conclude(target, frame, headerMismatch);
            return;
        }
        takeQueuedOrArm(target);
    }

    private void conclude(Armed target, CapturedFrame frame, Optional<String> headerMismatch) {
        SegmentPattern pattern = target.step().pattern();
        Segment whole = target.fragments().segment(frame.tcp().segment());
        Optional<String> mismatch = headerMismatch.or(() -> pattern.ipMismatch(frame.raw(), numbers))
                .or(() -> pattern.optionsMismatch(whole, numbers));
        if (mismatch.isPresent()) {
            target.result().completeExceptionally(new PlanFailure(target.step().label() + ": frame #" + frame.number()
                    + " " + mismatch.get() + "\n  expected: " + target.step().pattern() + "\n  actual:   " + frame.tcp(),
                    frame.epochNanos()));
        } else {
            target.result().complete(frame);
        }
    }

    /**
     * A socket() call made a new socket: its connection's kernel ISN is learned anew ({@link
     * SequenceMap}), and the kernel frames no expectation took yet are dropped: they are the
     * earlier socket's, which packetdrill no longer follows.
     */
    void socketOpened() {
        numbers.socketOpened();
        synchronized (lock) {
            kernelFrames.clear();
            newSocket = true;
        }
    }

    /**
     * Whether a frame from the kernel's endpoint ({@code fromKernel}) is the followed socket's;
     * a SYN begins a new socket's connection. Called under {@link #lock}.
     */
    private boolean followed(boolean fromKernel, TcpHeader header) {
        if (!fromKernel || newSocket && !(header.flags().syn() && !header.flags().ack())) {
            return false;
        }
        newSocket = false;
        return true;
    }

    /** An injection begins the new socket's connection (a listener's child), if one waits for it. */
    private void connectionBegun() {
        synchronized (lock) {
            newSocket = false;
        }
    }

    /**
     * A socket about to connect was bound to {@code now}: the harness's segments go there from
     * now on, as packetdrill's go to the port the kernel picked for the socket under test.
     */
    void kernelMoved(Endpoint now) {
        synchronized (lock) {
            kernel = now;
            // packetdrill ignores frames of a socket it no longer follows.
            kernelFrames.removeIf(f -> !f.tcp().source().equals(now));
        }
    }

    /** The kernel's endpoint of the connection followed now. */
    Endpoint kernel() {
        return kernel;
    }

    /**
     * Sends one frame and returns its index among the harness's injections. The index is taken
     * with the send, under one lock: the capture thread's reply and the plan's own injection
     * may race, and the reaction times pair each index with the capture's k-th harness frame.
     */
    private int send(Reply reply) throws IOException, PlanFailure {
        connectionBegun();
        synchronized (sending) {
            injector.send(bytes(reply, harness, kernel, numbers));
            return injections++;
        }
    }

    private long sendTimed(Reply reply) throws IOException, PlanFailure {
        byte[] frame = bytes(reply, harness, kernel, numbers);
        connectionBegun();
        synchronized (sending) {
            long at = PlanRunner.wallNanos();
            injector.send(frame);
            injections++;
            return at;
        }
    }

    private static byte[] bytes(Reply reply, Endpoint harness, Endpoint kernel, SequenceMap numbers) throws PlanFailure {
        if (reply.template().encodedWhenSent() || !reply.to().equals(kernel)) {
            return reply.template().encodeNow(harness, kernel, numbers);
        }
        return reply.frame().withAck(reply.template().ackFor(numbers));
    }

    /**
     * Loads and compiles pcap4j's builders and parsers for the frames experiments use: cold,
     * the first encoding of a SYN/ACK with options took 150 ms here, enough to miss the
     * kernel's fast SYN retry. The rest of the capture thread's path is rehearsed on real
     * frames when a job's capture starts ({@link ReplyRehearsal}).
     */
    static void warmUpCodec() {
        for (int i = 0; i < CODEC_WARM_UP_ROUNDS; i++) {
            for (String address : new String[] {"127.0.0.1", "::1"}) {
                TcpFrame frame = new TcpFrame(Endpoint.of(address, 40000), Endpoint.of(address, 8080),
                        io.finack.tcp.Segment.builder().flags(io.finack.tcp.Flags.SYN_ACK).seq(i).ack(1)
                                .options(new io.finack.tcp.TcpOption.Mss(1460), new io.finack.tcp.TcpOption.SackPermitted(),
                                        new io.finack.tcp.TcpOption.Timestamps(i, 0), new io.finack.tcp.TcpOption.Nop(),
                                        new io.finack.tcp.TcpOption.WindowScale(7),
                                        new io.finack.tcp.TcpOption.FastOpen(new byte[8]))
                                .build());
                if (!FrameCodec.decodeEthernet(FrameCodec.encode(frame)).orElseThrow().equals(frame)) {
                    throw new IllegalStateException("codec warm-up: a frame did not decode to itself");
                }
            }
        }
    }

    private static CapturedFrame join(Armed armed) throws PlanFailure, IOException {
        try {
            return armed.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof PlanFailure pf) {
                throw pf;
            }
            throw new IOException(armed.step().label() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Waits up to {@code limit} until the capture has recorded every frame the harness sent,
     * so that a look at the trace sees the harness's last injection.
     */
    void awaitOwnFramesCaptured(java.time.Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            int sent;
            synchronized (sending) {
                // injections is guarded by sending, not by lock: read under lock alone, it may be stale.
                sent = injections;
            }
            synchronized (lock) {
                if (frames.stream().filter(f -> f.tcp().source().equals(harness)).count() >= sent) {
                    return;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the capture", e);
            }
        }
    }

    /** Every frame captured so far, in capture order. */
    List<CapturedFrame> frames() {
        synchronized (lock) {
            return List.copyOf(frames);
        }
    }

    List<Reaction> reactions() {
        synchronized (lock) {
            return List.copyOf(reactions);
        }
    }
}

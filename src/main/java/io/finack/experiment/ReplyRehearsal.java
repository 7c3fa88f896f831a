package io.finack.experiment;

import io.finack.kernel.ThreadScheduling;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import io.finack.wire.PreparedFrame;
import io.finack.wire.Sniffer;
import io.finack.wire.TcpFrame;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Rehearses the capture thread's reply path on real frames before a job's first plan: a
 * SYN from a stand-in kernel endpoint goes into lo, the capture thread takes it from the ring,
 * routes it, matches it against an armed expectation and injects the reply, as it will for the
 * kernel's own SYN. Both frames go to another host's MAC address ({@link
 * PreparedFrame#forOtherHost}), so lo's receive path drops them before IP: the namespace's
 * sockets, netfilter and counters of TCP never see them.
 *
 * <p>Why: a warm-up of the decision path alone (header view, match, reply bytes) on synthetic
 * frames, as finack had, left the rest of the way (the capture loop's libpcap calls and copy,
 * the router, the exchange's locks, the injection through libpcap, the full decode after the
 * reply) to run for the first time on the kernel's first frame. Measured on the first reaction
 * of {@code finack run syn-retry} in fresh processes (load average 16): from the capture loop
 * to the exchange 150-200 us, and from there to the injected reply 260-400 us, where a later
 * repetition took 30-50 and 70-150 us. The rounds also give the JIT its calls, though under
 * load C1's queue compiles the methods called once a round only after the first plan
 * (docs/benchmarks.md, "Performance against packetdrill and tshark").
 */
final class ReplyRehearsal {
    /**
     * Enough rounds for C1 to compile the methods called on every frame. On 2 vCPUs at a load
     * average of 18-24, 400 rounds took 86-127 ms and 100 rounds 72-151 ms (the first rounds,
     * run cold, are most of it); with 50 rounds the first reaction's median over 10 fresh
     * processes was 83 us, with 400 64 us, with 10 141 us.
     */
    static final int ROUNDS = 400;
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(1);

    private ReplyRehearsal() {
    }

    /**
     * Runs {@link #ROUNDS} exchanges, IPv4 and IPv6 in turn, on {@code sniffer}'s running
     * capture loop, whose frames go to {@code router}; no plan may be attached to the router's
     * rehearsal ports meanwhile. For a capture that serves one experiment at a time, whose
     * thread spins under SCHED_FIFO ({@link Sniffer#runInRealTime}): with a sleeping capture
     * thread under the normal policy, every round would wait for its wake-up. Throws when a
     * rehearsed frame does not come back through the capture: then the capture cannot serve a
     * plan either.
     */
    static void run(Sniffer sniffer, FlowRouter router) throws IOException {
        Stage[] stages = {Stage.of("127.0.0.1"), Stage.of("::1")};
        // Under SCHED_FIFO, as the capture thread runs: the rounds take a few tens of
        // milliseconds of CPU, but on a loaded machine a thread under the normal policy got a
        // share of it so small that they took 0.2-1 s. It parks between its rounds, so the
        // capture thread always has a CPU.
        boolean realtime = ThreadScheduling.tryRealtime(true);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                stages[round % stages.length].play(sniffer, router);
            }
        } finally {
            if (realtime) {
                ThreadScheduling.tryRealtime(false);
            }
        }
    }


    /** One family's endpoints, the stand-in kernel's SYN and the reply the harness sends to it. */
    private record Stage(Endpoint kernel, Endpoint harness, byte[] syn, Step.Expect expect, SegmentTemplate reply,
                         PreparedFrame replyFrame) {
        static Stage of(String loopback) {
            Endpoint kernel = Endpoint.of(loopback, 40000);
            Endpoint harness = Endpoint.of(loopback, 8080);
            byte[] syn = PreparedFrame.of(new TcpFrame(kernel, harness, Segment.builder().flags(Flags.SYN_ONLY).seq(12345)
                    .options(new TcpOption.Mss(1460), new TcpOption.SackPermitted(), new TcpOption.Timestamps(1, 0),
                            new TcpOption.Nop(), new TcpOption.WindowScale(7))
                    .build())).forOtherHost().bytes();
            // As syn-retry's first exchange: the kernel's SYN with any options, answered by a stale ACK.
            Step.Expect expect = new Step.Expect("rehearsal SYN", SegmentPattern.of(Flags.SYN_ONLY).seq(0), ROUND_LIMIT);
            SegmentTemplate reply = SegmentTemplate.of(Flags.ACK_ONLY, 5, -19502346);
            return new Stage(kernel, harness, syn, expect, reply, reply.prepare(harness, kernel).forOtherHost());
        }

        void play(Sniffer sniffer, FlowRouter router) throws IOException {
            FrameExchange exchange = new FrameExchange(harness, kernel, sniffer, new SequenceMap(), true);
            router.attach(kernel, harness, exchange, PlanRunner.wallNanos());
            try {
                FrameExchange.Armed armed = exchange.arm(expect, List.of(new FrameExchange.Reply(reply, replyFrame, kernel)));
                sniffer.injector().send(syn);
                exchange.await(armed, ROUND_LIMIT);
            } catch (PlanFailure f) {
                throw new IOException("the capture did not hand back a rehearsed frame: " + f.getMessage(), f);
            } finally {
                router.detach(harness);
            }
        }
    }
}

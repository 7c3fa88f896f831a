package io.finack.experiment;

import io.finack.analysis.ReconnectReply;
import io.finack.analysis.Verdict;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpOption;
import io.finack.tcp.TcpState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The close-order experiments finack ships as plans: the kernel closes first and the harness
 * answers in one order or another, judged on the socket states observed after each segment
 * and on the reconnecting SYN's answer. (The stale-ACK path experiments are scripts: see
 * io.finack.script.BuiltinScripts.)
 */
public final class BuiltinExperiments {
    /** A reconnecting SYN's seq far outside the old connection's window. */
    static final long RECONNECT_ISN = 1L << 31;

    static final int CLIENT_PORT = 40000;
    static final int SERVER_PORT = 8080;
    private static final Duration PROMPT = Duration.ofSeconds(1);
    private static final TcpOption.Mss MSS = new TcpOption.Mss(1460);
    /** A close-order expectation's "no socket": sock_diag finds none for the connection. */
    private static final Optional<TcpState> GONE = Optional.empty();

    public static final Experiment IN_ORDER_CLOSE = new Experiment("in-order-close",
            "the kernel closes first, the peer ACKs its FIN then sends FIN/ACK: TIME_WAIT, and a reconnecting SYN is accepted",
            "The harness connects to a kernel listener; the kernel accepts and closes (FIN_WAIT1). The harness "
                    + "answers in the normal order: the ACK of the kernel's FIN (FIN_WAIT2), then its own FIN/ACK, "
                    + "which the kernel ACKs from TIME_WAIT. A new SYN from the same port, its seq after the old "
                    + "connection's, reopens the connection from TIME_WAIT (RFC 1122): a SYN/ACK whose ISN is the old "
                    + "snd_nxt + 65537. sock_diag records the socket's state after every injected segment and after the "
                    + "close. The baseline for the two orders below.",
            new Expectation.CloseOrder(List.of(in(TcpState.SYN_RECV), in(TcpState.ESTABLISHED),
                    in(TcpState.FIN_WAIT1), in(TcpState.FIN_WAIT2), in(TcpState.TIME_WAIT),
                    in(TcpState.SYN_RECV)), ReconnectReply.Kind.SYN_ACK),
            BuiltinExperiments::inOrderClose);

    public static final Experiment FIN_ACK_REORDER = new Experiment("fin-ack-reorder",
            "the peer's FIN/ACK overtakes its ACK: FIN_WAIT1 goes straight to TIME_WAIT, the late ACK gets a duplicate ACK",
            "As in-order-close, but the harness's FIN/ACK (which also acknowledges the kernel's FIN) arrives before "
                    + "its plain ACK: the order the seed worries about. Processed one after the other, FIN_WAIT1 plus a "
                    + "FIN/ACK acknowledging the FIN goes straight to TIME_WAIT (no FIN_WAIT2 in between), the kernel ACKs "
                    + "the FIN, and the late ACK, now out of window, gets a duplicate ACK. That duplicate is a timewait "
                    + "socket's rate-limited out-of-window ACK (net.ipv4.tcp_invalid_ratelimit, 500 ms): a probe the "
                    + "socket does not accept within 500 ms after it gets no answer, which the reconnect finding calls "
                    + "RATE_LIMITED, not a refusal. The reconnecting SYN, its seq after the old connection's, is "
                    + "accepted from TIME_WAIT with a SYN/ACK, as in-order-close's: the reorder alone strands nothing.",
            new Expectation.CloseOrder(List.of(in(TcpState.SYN_RECV), in(TcpState.ESTABLISHED),
                    in(TcpState.FIN_WAIT1), in(TcpState.TIME_WAIT), in(TcpState.TIME_WAIT),
                    in(TcpState.SYN_RECV)), ReconnectReply.Kind.SYN_ACK),
            BuiltinExperiments::finAckReorder);

    public static final Experiment RST_ACK_LOST = new Experiment("rst-ack-lost",
            "the peer ACKs the kernel's FIN, its RST/ACK (SO_LINGER {1,0}) is lost: FIN_WAIT2, and a reconnecting SYN gets the stale ACK",
            "The seed's close: the harness ACKs the kernel's FIN and then closes with SO_LINGER {1,0}, an RST/ACK, "
                    + "which is lost (never sent). The kernel's orphaned socket stays in FIN_WAIT2 (a timewait socket "
                    + "for tcp_fin_timeout). A new SYN from the same port, far outside the old window, gets an ACK of "
                    + "the old connection (seq = the kernel's snd_nxt, ack = its old rcv_nxt): the stale ACK. The "
                    + "harness then does what a fixed kernel does: RST with seq = that ack number, which kills the "
                    + "FIN_WAIT2 socket, and the SYN again, which the listener answers with a SYN/ACK. Unlike "
                    + "finwait2-stale-ack, every injected segment is followed by a sock_diag observation, judged as a "
                    + "whole.",
            new Expectation.CloseOrder(List.of(in(TcpState.SYN_RECV), in(TcpState.ESTABLISHED),
                    in(TcpState.FIN_WAIT1), in(TcpState.FIN_WAIT2), in(TcpState.FIN_WAIT2),
                    GONE, in(TcpState.SYN_RECV)), ReconnectReply.Kind.STALE_ACK),
            BuiltinExperiments::rstAckLost);

    public static final List<Experiment> ALL = List.of(IN_ORDER_CLOSE, FIN_ACK_REORDER, RST_ACK_LOST);

    private BuiltinExperiments() {
    }

    public static Optional<Experiment> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The close-order experiments' opening: a kernel listener accepts the harness's connection
     * and closes it first (FIN_WAIT1), with the state observed after each injected segment and
     * after the close.
     */
    static List<Step> kernelClosesFirst(Endpoint kernel) {
        List<Step> steps = new ArrayList<>(listener(kernel));
        steps.addAll(List.of(
                inject(SegmentTemplate.of(Flags.SYN_ONLY, 0, 0, MSS)),
                expect("SYN/ACK", SegmentPattern.of(Flags.SYN_ACK).seq(0).ack(1), PROMPT),
                observe(),
                inject(SegmentTemplate.of(Flags.ACK_ONLY, 1, 1)),
                observe(),
                call(new SocketCall.Accept(3, 4, PROMPT)),
                call(new SocketCall.Close(4)),
                expect("FIN", SegmentPattern.of(Flags.FIN_ACK).seq(1).ack(1), PROMPT),
                observe()));
        return steps;
    }

    private static Plan inOrderClose(Endpoint.Family family) {
        return closeOrder("in-order-close", family,
                inject(SegmentTemplate.of(Flags.ACK_ONLY, 1, 2)),
                observe(),
                inject(SegmentTemplate.of(Flags.FIN_ACK, 1, 2)),
                expect("ACK of the FIN", SegmentPattern.of(Flags.ACK_ONLY).seq(2).ack(2), PROMPT),
                observe(),
                reconnectingSyn(),
                expect("SYN/ACK from TIME_WAIT", timeWaitReopens(), PROMPT),
                observe());
    }

    private static Plan finAckReorder(Endpoint.Family family) {
        return closeOrder("fin-ack-reorder", family,
                inject(SegmentTemplate.of(Flags.FIN_ACK, 1, 2)),
                expect("ACK of the FIN", SegmentPattern.of(Flags.ACK_ONLY).seq(2).ack(2), PROMPT),
                observe(),
                // The ACK the FIN/ACK overtook.
                inject(SegmentTemplate.of(Flags.ACK_ONLY, 1, 2)),
                expect("duplicate ACK", SegmentPattern.of(Flags.ACK_ONLY).seq(2).ack(2), PROMPT),
                observe(),
                reconnectingSyn(),
                expect("SYN/ACK from TIME_WAIT", timeWaitReopens(), PROMPT),
                observe());
    }

    private static Plan rstAckLost(Endpoint.Family family) {
        return closeOrder("rst-ack-lost", family,
                inject(SegmentTemplate.of(Flags.ACK_ONLY, 1, 2)),
                observe(),
                // The harness's RST/ACK (1:1(0) ack 2) is lost: it is never sent.
                reconnectingSyn(),
                expect("stale ACK", SegmentPattern.of(Flags.ACK_ONLY).seq(2).ack(1), PROMPT),
                observe(),
                inject(SegmentTemplate.of(Flags.RST_ONLY, 1, 0)),
                observe(),
                reconnectingSyn(),
                expect("SYN/ACK to the retry", SegmentPattern.of(Flags.SYN_ACK).ack(RECONNECT_ISN + 1), PROMPT),
                observe());
    }

    /** A close-order plan: the kernel listens on the server port and closes first, then the harness's {@code peer} steps. */
    private static Plan closeOrder(String name, Endpoint.Family family, Step... peer) {
        Endpoint kernel = new Endpoint(family.loopback(), SERVER_PORT);
        List<Step> steps = kernelClosesFirst(kernel);
        steps.addAll(List.of(peer));
        return new Plan(name, kernel, new Endpoint(family.loopback(), CLIENT_PORT), steps);
    }

    /** A new SYN from the old connection's port, its seq far after the old connection's. */
    private static Step reconnectingSyn() {
        return inject(SegmentTemplate.of(Flags.SYN_ONLY, RECONNECT_ISN, 0, MSS));
    }

    /**
     * A TIME_WAIT socket reopened by a new SYN: the listener answers with the ISN the timewait
     * socket hands it, its old snd_nxt (ISN + 2, after SYN and FIN) + 65535 + 2.
     */
    private static SegmentPattern timeWaitReopens() {
        return SegmentPattern.of(Flags.SYN_ACK).seq(2 + 65535 + 2).ack(RECONNECT_ISN + 1);
    }

    private static List<Step> listener(Endpoint kernel) {
        return List.of(
                call(new SocketCall.Open(3)),
                call(new SocketCall.SetOption(3, io.finack.kernel.IntOption.SO_REUSEADDR, 1)),
                call(new SocketCall.Bind(3, kernel)),
                call(new SocketCall.Listen(3, 16)));
    }

    /** A close-order expectation's state. */
    private static Optional<TcpState> in(TcpState state) {
        return Optional.of(state);
    }

    private static Step observe() {
        return new Step.ObserveState();
    }

    private static Step call(SocketCall call) {
        return new Step.Call(call);
    }

    private static Step inject(SegmentTemplate segment) {
        return new Step.Inject(segment);
    }

    private static Step expect(String label, SegmentPattern pattern, Duration within) {
        return new Step.Expect(label, pattern, within);
    }

}

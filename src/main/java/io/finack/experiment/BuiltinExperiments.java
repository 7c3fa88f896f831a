package io.finack.experiment;

import io.finack.analysis.Verdict;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpOption;
import io.finack.tcp.TcpState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The experiments finack ships: the stale-ACK path of the FIN/ACK latency spike, from both sides. */
public final class BuiltinExperiments {
    /**
     * The seed's trace: the reconnecting SYN had seq 2560603644 and the stale ACK's ack number
     * was 2541101298, this far before it. The stale ACK here keeps the same distance.
     */
    static final long SEED_STALE_ACK_OFFSET = 2541101298L - 2560603644L;
    /** The harness's sequence number on its stale ACK: its old connection's next byte. */
    static final long OLD_HARNESS_SEQ = 5;
    /** The harness's ISN when it finally accepts the kernel's SYN. */
    static final long HARNESS_ISN = 1_000_000;
    /** A reconnecting SYN's seq far outside the old connection's window. */
    static final long RECONNECT_ISN = 1L << 31;

    static final int CLIENT_PORT = 40000;
    static final int SERVER_PORT = 8080;
    private static final Duration PROMPT = Duration.ofSeconds(1);
    /** Long enough for one SYN backoff of the initial RTO (1 s), with margin on a loaded machine. */
    private static final Duration ONE_RTO = Duration.ofSeconds(3);
    private static final TcpOption.Mss MSS = new TcpOption.Mss(1460);

    public static final Experiment SYN_RETRY = new Experiment("syn-retry",
            "a stale ACK answers the kernel's first SYN: RST, then a SYN retry after ~2 jiffies (fixed) or 1 s (spike)",
            "The kernel connects from a fixed port to the harness, which answers the first SYN with an ACK for an "
                    + "old connection (the stale ACK). The kernel, in SYN_SENT, finds the ACK unacceptable and sends RST "
                    + "with seq = the stale ack number. Since Linux 5.6 (commit 9603d47bad46) it re-arms the SYN timer to "
                    + "TCP_TIMEOUT_MIN (2 jiffies) when no SYN was retransmitted yet, so the retry comes within "
                    + "milliseconds: FAST_RETRY. Older kernels wait the initial RTO of 1 s: RTO_RETRY, the latency spike. "
                    + "The harness then answers the retried SYN with a SYN/ACK and the connect() completes.",
            Verdict.FAST_RETRY, family -> connectingKernel("syn-retry", family, false));

    public static final Experiment SYN_RETRY_AFTER_RETRANSMIT = new Experiment("syn-retry-after-retransmit",
            "the stale ACK answers a retransmitted SYN: the fix's guard keeps the normal backoff (~1 s) on every kernel",
            "As syn-retry, but the harness lets the first SYN go unanswered and answers the retransmitted SYN with "
                    + "the stale ACK. The fix applies only while icsk_retransmits == 0, so the next SYN waits for the "
                    + "retransmit timer already running: about 1 s after the RST on every kernel: RTO_RETRY.",
            Verdict.RTO_RETRY, family -> connectingKernel("syn-retry-after-retransmit", family, true));

    public static final Experiment FINWAIT2_STALE_ACK = new Experiment("finwait2-stale-ack",
            "a kernel server stranded in FIN_WAIT_2 answers a reconnecting SYN with the stale ACK",
            "The harness connects to a kernel listener; the kernel accepts and closes. The harness ACKs the kernel's "
                    + "FIN, but its own FIN/ACK is lost (never sent), so the kernel's socket stays in FIN_WAIT_2 (sock_diag "
                    + "shows it). A new SYN from the same port, far outside the old window, gets an ACK for the old "
                    + "connection whose ack number is the old rcv_nxt: the stale ACK of the seed. The harness answers as "
                    + "a fixed kernel would: RST with seq = that ack number, which clears the FIN_WAIT_2 socket, then "
                    + "the SYN again, which the listener accepts with a SYN/ACK. The retry is the harness's own, so "
                    + "FAST_RETRY here describes the harness, and the kernel's part is the stale ACK and the states.",
            Verdict.FAST_RETRY, BuiltinExperiments::finWait2StaleAck);

    public static final List<Experiment> ALL = List.of(SYN_RETRY, SYN_RETRY_AFTER_RETRANSMIT, FINWAIT2_STALE_ACK);

    private BuiltinExperiments() {
    }

    public static Optional<Experiment> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private static Plan connectingKernel(String name, Endpoint.Family family, boolean afterRetransmit) {
        Endpoint kernel = new Endpoint(family.loopback(), CLIENT_PORT);
        Endpoint harness = new Endpoint(family.loopback(), SERVER_PORT);
        List<Step> steps = new ArrayList<>(List.of(
                call(new SocketCall.Open(3)),
                call(new SocketCall.ReuseAddress(3)),
                call(new SocketCall.Bind(3, kernel)),
                call(new SocketCall.NonBlocking(3)),
                call(new SocketCall.Connect(3, harness)),
                expect("SYN", SegmentPattern.of(Flags.SYN_ONLY).seq(0), PROMPT)));
        if (afterRetransmit) {
            steps.add(expect("SYN retransmission", SegmentPattern.of(Flags.SYN_ONLY).seq(0), ONE_RTO));
        }
        steps.addAll(List.of(
                inject(SegmentTemplate.of(Flags.ACK_ONLY, OLD_HARNESS_SEQ, SEED_STALE_ACK_OFFSET)),
                expect("RST", SegmentPattern.of(Flags.RST_ONLY).seq(SEED_STALE_ACK_OFFSET), PROMPT),
                expect("SYN retry", SegmentPattern.of(Flags.SYN_ONLY).seq(0), ONE_RTO),
                inject(SegmentTemplate.of(Flags.SYN_ACK, HARNESS_ISN, 1, MSS)),
                expect("handshake ACK", SegmentPattern.of(Flags.ACK_ONLY).seq(1).ack(HARNESS_ISN + 1), PROMPT),
                call(new SocketCall.AwaitConnected(3, PROMPT)),
                state(TcpState.ESTABLISHED)));
        return new Plan(name, kernel, harness, steps);
    }

    private static Plan finWait2StaleAck(Endpoint.Family family) {
        Endpoint kernel = new Endpoint(family.loopback(), SERVER_PORT);
        Endpoint harness = new Endpoint(family.loopback(), CLIENT_PORT);
        return new Plan("finwait2-stale-ack", kernel, harness, List.of(
                call(new SocketCall.Open(3)),
                call(new SocketCall.ReuseAddress(3)),
                call(new SocketCall.Bind(3, kernel)),
                call(new SocketCall.Listen(3, 16)),
                inject(SegmentTemplate.of(Flags.SYN_ONLY, 0, 0, MSS)),
                expect("SYN/ACK", SegmentPattern.of(Flags.SYN_ACK).seq(0).ack(1), PROMPT),
                inject(SegmentTemplate.of(Flags.ACK_ONLY, 1, 1)),
                call(new SocketCall.Accept(3, 4, PROMPT)),
                state(TcpState.ESTABLISHED),
                call(new SocketCall.Close(4)),
                expect("FIN", SegmentPattern.of(Flags.FIN_ACK).seq(1).ack(1), PROMPT),
                inject(SegmentTemplate.of(Flags.ACK_ONLY, 1, 2)),
                // The harness's own FIN/ACK is lost: it is never sent.
                state(TcpState.FIN_WAIT2),
                inject(SegmentTemplate.of(Flags.SYN_ONLY, RECONNECT_ISN, 0, MSS)),
                expect("stale ACK", SegmentPattern.of(Flags.ACK_ONLY).seq(2).ack(1), PROMPT),
                inject(SegmentTemplate.of(Flags.RST_ONLY, 1, 0)),
                new Step.ExpectState(Optional.empty(), PROMPT),
                inject(SegmentTemplate.of(Flags.SYN_ONLY, RECONNECT_ISN, 0, MSS)),
                expect("SYN/ACK to the retry", SegmentPattern.of(Flags.SYN_ACK).ack(RECONNECT_ISN + 1), PROMPT)));
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

    private static Step state(TcpState state) {
        return new Step.ExpectState(Optional.of(state), PROMPT);
    }
}

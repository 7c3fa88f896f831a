package io.finack.testing;

import io.finack.script.BuiltinScripts;
import io.finack.experiment.ExperimentResult;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.SeqNum;
import io.finack.tcp.TcpState;
import io.finack.wire.CapturedFrame;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;

/**
 * One fixed trace for each built-in experiment, shaped as a passing run on a fixed kernel
 * records it (the timings are the ones the docs' real runs show), as results made by hand.
 */
public final class BuiltinTraces {
    private static final Endpoint CLIENT = Endpoint.of("127.0.0.1", 40000);
    private static final Endpoint SERVER = Endpoint.of("127.0.0.1", 8080);
    private static final long KERNEL_ISN = 3_000_000_000L;
    /** The seed's distance from the SYN's seq back to the stale ack number. */
    private static final long STALE = SeqNum.add(KERNEL_ISN, 2541101298L - 2560603644L);
    private static final long RECONNECT = 1L << 31;

    private BuiltinTraces() {
    }

    public static ExperimentResult synRetry() {
        return Runs.passed(BuiltinScripts.named("syn-retry").orElseThrow(), Endpoint.Family.IPV4, synRetryFrames(), SERVER,
                List.of(Runs.state(9_500, Optional.of(TcpState.ESTABLISHED))), Optional.of(Path.of("syn-retry-ipv4.pcap")));
    }

    public static ExperimentResult synRetryAfterRetransmit() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT, SERVER, syn(KERNEL_ISN));
        t.after(1_011_000, CLIENT, SERVER, syn(KERNEL_ISN));
        staleAckThenHandshake(t, 510, 30, 1_023_400);
        return Runs.passed(BuiltinScripts.named("syn-retry-after-retransmit").orElseThrow(), Endpoint.Family.IPV4, t.frames(), SERVER,
                List.of(Runs.state(2_036_000, Optional.of(TcpState.ESTABLISHED))),
                Optional.of(Path.of("syn-retry-after-retransmit-ipv4.pcap")));
    }

    /** The frames of {@link #synRetry()}, as the sniffer hands them over. */
    public static List<CapturedFrame> synRetryFrames() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT, SERVER, syn(KERNEL_ISN));
        staleAckThenHandshake(t, 122, 20, 8742);
        return t.frames();
    }

    /** The harness's stale ACK, the kernel's RST and SYN retry, then the handshake the retry completes. */
    private static void staleAckThenHandshake(TraceBuilder t, double synToStaleAck, double staleAckToRst, double rstToRetry) {
        t.after(synToStaleAck, SERVER, CLIENT, ack(5, STALE));
        t.after(staleAckToRst, CLIENT, SERVER, rst(STALE));
        t.after(rstToRetry, CLIENT, SERVER, syn(KERNEL_ISN));
        t.after(74, SERVER, CLIENT, synAck(1_000_000, KERNEL_ISN + 1));
        t.after(25, CLIENT, SERVER, ack(KERNEL_ISN + 1, 1_000_001));
    }

    public static ExperimentResult finWait2StaleAck() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT, SERVER, syn(0));
        t.after(25, SERVER, CLIENT, synAck(KERNEL_ISN, 1));
        t.after(300, CLIENT, SERVER, ack(1, KERNEL_ISN + 1));
        t.after(1_100, SERVER, CLIENT, Segment.builder().flags(Flags.FIN_ACK).seq(KERNEL_ISN + 1).ack(1).build());
        t.after(150, CLIENT, SERVER, ack(1, KERNEL_ISN + 2));
        t.after(2_000, CLIENT, SERVER, syn(RECONNECT));
        t.after(30, SERVER, CLIENT, ack(KERNEL_ISN + 2, 1));
        t.after(120, CLIENT, SERVER, rst(1));
        t.after(5_820, CLIENT, SERVER, syn(RECONNECT));
        t.after(20, SERVER, CLIENT, synAck(123_456_789, RECONNECT + 1));
        return Runs.passed(BuiltinScripts.named("finwait2-stale-ack").orElseThrow(), Endpoint.Family.IPV4, t.frames(), CLIENT,
                List.of(Runs.state(1_000, Optional.of(TcpState.ESTABLISHED)), Runs.state(3_000, Optional.of(TcpState.FIN_WAIT2)),
                        Runs.state(4_000, Optional.empty())),
                Optional.of(Path.of("finwait2-stale-ack-ipv4.pcap")));
    }
}

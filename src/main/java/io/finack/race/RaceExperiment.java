package io.finack.race;

import io.finack.experiment.SegmentPattern;
import io.finack.experiment.SegmentTemplate;
import io.finack.syscall.Accept;
import io.finack.syscall.Bind;
import io.finack.syscall.Close;
import io.finack.syscall.Listen;
import io.finack.syscall.SetSockOpt;
import io.finack.syscall.Socket;
import io.finack.experiment.Step;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpOption;
import io.finack.tcp.TcpState;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code finack list} and {@code finack show} say of the race: its name, its summary and
 * one iteration in packetdrill's notation (finack's numbers literal, the kernel's relative to
 * its ISN), with the one step packetdrill cannot express, two segments sent at once from two
 * CPUs, marked as such.
 */
public final class RaceExperiment {
    public static final String NAME = "race";
    public static final String SUMMARY = "the peer's ACK and FIN/ACK (or RST/ACK) handled on two CPUs at once: "
            + "FIN_WAIT2 afterwards is a hit (the FIN was lost to the race)";
    public static final String DESCRIPTION = "The harness connects to a kernel listener, which accepts and closes: "
            + "the kernel sends its FIN and waits in FIN_WAIT1. The peer's ACK of that FIN and its closing segment "
            + "(FIN/ACK, or RST/ACK for a close with SO_LINGER {1, 0}) leave two threads pinned to two CPUs at the "
            + "same moment; on lo each is processed on the CPU that sent it. When the closing segment passes the "
            + "socket lookup while the ACK's processing turns the socket into a FIN_WAIT2 timewait socket, the "
            + "closing segment meets a closed socket and is dropped: the socket stays in FIN_WAIT2 (a hit), and a "
            + "reconnecting SYN from the same port gets the stale ACK of the seed. Otherwise it ends in TIME_WAIT "
            + "(FIN/ACK) or is gone (RST/ACK). The control sends the same two segments from one thread, in each order.";

    private static final Duration PROMPT = Duration.ofSeconds(1);
    private static final int LISTENER = 3;
    private static final int ACCEPTED = 4;

    private RaceExperiment() {
    }

    /** One iteration, step by step. */
    public static String render(Endpoint.Family family, ClosingSegment closing, int ackCpu, int closeCpu) {
        Endpoint kernel = new Endpoint(family.loopback(), RaceLoop.KERNEL_PORT);
        Endpoint harness = new Endpoint(family.loopback(), RaceLoop.FIRST_PORT);
        long isn = RaceLoop.HARNESS_ISN;
        List<Step> connection = List.of(
                new Step.Call(new Socket(LISTENER)),
                new Step.Call(SetSockOpt.integer(LISTENER, "SOL_SOCKET", "SO_REUSEADDR", 1)),
                new Step.Call(new Bind(LISTENER, kernel)),
                new Step.Call(new Listen(LISTENER, RaceLoop.BATCH)),
                new Step.Inject(SegmentTemplate.of(Flags.SYN_ONLY, isn, 0, new TcpOption.Mss(1460))),
                new Step.Expect("SYN/ACK", SegmentPattern.of(Flags.SYN_ACK).seq(0).ack(isn + 1), PROMPT),
                new Step.Inject(SegmentTemplate.of(Flags.ACK_ONLY, isn + 1, 1)),
                new Step.Call(new Accept(LISTENER, ACCEPTED, PROMPT)),
                new Step.Call(new Close(ACCEPTED)),
                new Step.Expect("FIN", SegmentPattern.of(Flags.FIN_ACK).seq(1).ack(isn + 1), PROMPT));
        List<Step> onHit = List.of(
                new Step.Inject(SegmentTemplate.of(Flags.SYN_ONLY, RaceLoop.RECONNECT_SEQ, 0, new TcpOption.Mss(1460))),
                new Step.Expect("stale ACK", SegmentPattern.of(Flags.ACK_ONLY).seq(2).ack(isn + 1), PROMPT),
                new Step.Inject(SegmentTemplate.of(Flags.RST_ONLY, isn + 1, 0)),
                new Step.ExpectState(Optional.empty(), PROMPT));
        StringBuilder s = new StringBuilder();
        s.append("// ").append(NAME).append(' ').append(closing.word()).append(": kernel ").append(kernel)
                .append(", harness ").append(harness).append(" (the next port each iteration)\n");
        connection.forEach(step -> s.append(step).append('\n'));
        s.append(SegmentTemplate.of(Flags.ACK_ONLY, isn + 1, 2)).append("   // CPU ").append(ackCpu)
                .append("  } at once: two threads\n");
        s.append(SegmentTemplate.of(closing.flags(), isn + 1, 2)).append("   // CPU ").append(closeCpu)
                .append("  } released by a spin barrier\n");
        s.append("// sock_diag: ").append(closing == ClosingSegment.FIN ? TcpState.TIME_WAIT.name() : "no socket")
                .append(" (normal) or ").append(TcpState.FIN_WAIT2).append(" (a hit), then on a hit:\n");
        onHit.forEach(step -> s.append(step).append('\n'));
        s.append("// otherwise an RST at the socket's rcv_nxt clears it, so that its port can serve again\n");
        s.append("// control: the same two segments from one thread, the ACK first or the ")
                .append(closing.label()).append(" first\n");
        return s.toString();
    }
}

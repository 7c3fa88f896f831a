package io.finack.analysis;

import io.finack.capture.TcpView;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.testing.TraceBuilder;
import io.finack.wire.CapturedFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector's per-4-tuple state: the FIN_WAIT_2 precondition, idle flows dropped, a full table. */
public class FlowTrackingTest {
    private static final Endpoint CLIENT = Endpoint.of("10.0.0.1", 40000);
    private static final Endpoint SERVER = Endpoint.of("10.0.0.2", 8080);

    public static Segment finAck(long seq, long ack) {
        return Segment.builder().flags(Flags.FIN_ACK).seq(seq).ack(ack).build();
    }

    private record Run(List<PathFinding> findings, List<FinWait2> finWait2, long evicted) {
    }

    private static Run run(List<CapturedFrame> frames, Duration idle, int maxFlows) {
        List<PathFinding> findings = new ArrayList<>();
        List<FinWait2> finWait2 = new ArrayList<>();
        StaleAckDetector d = new StaleAckDetector(StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT, idle, maxFlows,
                findings::add, finWait2::add);
        frames.forEach(d::accept);
        d.finish();
        return new Run(findings, finWait2, d.flowsEvictedWhileActive());
    }

    private static Run run(List<CapturedFrame> frames) {
        return run(frames, StaleAckDetector.DEFAULT_IDLE_TIMEOUT, StaleAckDetector.DEFAULT_MAX_FLOWS);
    }

    /** A connection the server closes; the client acks the FIN and never sends its own. */
    private static TraceBuilder serverClosesClientNever() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT, SERVER, syn(1000));                       // 1
        t.after(30, SERVER, CLIENT, synAck(5000, 1001));             // 2
        t.after(20, CLIENT, SERVER, ack(1001, 5001));                // 3
        t.after(500, SERVER, CLIENT, finAck(5001, 1001));            // 4 the server closes
        t.after(40, CLIENT, SERVER, ack(1001, 5002));                // 5 the client acks; its FIN never comes
        return t;
    }

    @Test
    void aStaleAckFromASocketInFinWait2CarriesThePrecondition() {
        TraceBuilder t = serverClosesClientNever();
        t.after(2_000_000, CLIENT, SERVER, syn(7000));               // 6 the client reconnects from the same port
        t.after(40, SERVER, CLIENT, ack(5002, 1001));                // 7 FIN_WAIT_2 answers with its old rcv_nxt
        t.after(30, CLIENT, SERVER, rst(1001));                      // 8
        t.after(8000, CLIENT, SERVER, syn(7000));                    // 9
        t.after(40, SERVER, CLIENT, synAck(9000, 7001));             // 10

        Run r = run(t.frames());

        assertEquals(List.of(Verdict.NO_STALE_ACK, Verdict.FAST_RETRY), r.findings().stream().map(PathFinding::verdict).toList());
        PathFinding fast = r.findings().get(1);
        assertEquals(new FinWait2(SERVER, CLIENT, 4, 5), fast.finWait2());
        assertEquals(6, fast.synFrame());
        assertNull(r.findings().get(0).finWait2());
        assertEquals(List.of(), r.finWait2(), "the reconnect took the flow's FIN_WAIT_2 into its finding");
    }

    @Test
    void aFlowLeftInFinWait2IsReportedOnItsOwn() {
        Run r = run(serverClosesClientNever().frames());

        assertEquals(List.of(new FinWait2(SERVER, CLIENT, 4, 5)), r.finWait2());
    }

    @Test
    void anAcceptedTimeWaitReuseIsNoStaleAckAndNoFinWait2() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT, SERVER, syn(1000));
        t.after(30, SERVER, CLIENT, synAck(5000, 1001));
        t.after(20, CLIENT, SERVER, ack(1001, 5001));
        t.after(500, CLIENT, SERVER, finAck(1001, 5001));
        t.after(30, SERVER, CLIENT, finAck(5001, 1002));
        t.after(30, CLIENT, SERVER, ack(1002, 5002));
        t.after(1_000_000, CLIENT, SERVER, syn(900_000));            // TIME_WAIT accepts a higher ISN
        t.after(30, SERVER, CLIENT, synAck(7000, 900_001));
        t.after(20, CLIENT, SERVER, ack(900_001, 7001));

        Run r = run(t.frames());

        assertEquals(2, r.findings().size());
        r.findings().forEach(f -> {
            assertEquals(Verdict.NO_STALE_ACK, f.verdict());
            assertNull(f.finWait2());
        });
        assertEquals(List.of(), r.finWait2());
    }

    @Test
    void anRstEndsTheCloseSoNoFinWait2IsClaimed() {
        TraceBuilder t = serverClosesClientNever();
        t.after(100, CLIENT, SERVER, rst(1001));

        assertEquals(List.of(), run(t.frames()).finWait2());
    }

    @Test
    void anIdleFlowIsDroppedAndItsOpenAttemptReportedAsItStood() {
        Endpoint other = Endpoint.of("10.0.0.3", 40001);
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT, SERVER, syn(1000));                       // never answered
        t.after(200_000_000, other, SERVER, syn(2000));              // 200 s later: the first flow has been idle 120 s
        t.after(30, SERVER, other, synAck(1, 2001));

        Run r = run(t.frames());

        assertEquals(2, r.findings().size());
        assertEquals("no answer to the SYN before the flow was idle for 120 s", r.findings().get(0).detail());
        assertEquals("SYN answered by SYN/ACK in frame 3", r.findings().get(1).detail());
        assertEquals(0, r.evicted());
    }

    @Test
    void aFullTableDropsTheLongestIdleFlowAndSaysSo() {
        TraceBuilder t = new TraceBuilder();
        for (int i = 0; i < 100; i++) {
            t.after(10, Endpoint.of("10.0.1." + i, 40000 + i), SERVER, syn(1000 + i));
        }

        Run r = run(t.frames(), StaleAckDetector.DEFAULT_IDLE_TIMEOUT, 8);

        assertEquals(92, r.evicted());
        assertEquals(100, r.findings().size());
        assertEquals(92, r.findings().stream()
                .filter(f -> f.detail().equals("no answer to the SYN before the flow table, full, dropped the flow")).count());
    }

    @Test
    void theTableNeverHoldsMoreThanItsCapacityAndReusesItsFlows() {
        FlowTable table = new FlowTable(64, 1_000_000_000L);
        TcpView view = new TcpView();
        TraceBuilder t = new TraceBuilder();
        List<FlowState> dropped = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Endpoint client = Endpoint.of("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 1 + i % 60000);
            FlowState s = table.touch(view.load(t.after(1, client, SERVER, syn(i))), dropped::add);
            assertTrue(table.size() <= 64);
            assertEquals(s, table.touch(view.load(t.after(1, SERVER, client, synAck(1, i + 1))), dropped::add),
                    "the other direction finds the same state");
        }
        assertEquals(10_000 - 64, dropped.size());
        assertTrue(dropped.stream().distinct().count() <= 65, "dropped states are reused, not new ones made");
        table.drain(dropped::add);
        assertEquals(0, table.size());
    }
    @Test
    void flowsStayFindableAsTheSlotsGrowAndAfterRemovals() {
        int flows = FlowTable.MIN_SLOTS * 4;
        FlowTable table = new FlowTable(1 << 17, 1_000_000_000_000L);
        TcpView view = new TcpView();
        TraceBuilder t = new TraceBuilder();
        List<FlowState> states = new ArrayList<>();
        List<Endpoint> clients = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            Endpoint client = Endpoint.of("10.0." + (i >> 8) + "." + (i & 255), 1000 + i);
            clients.add(client);
            states.add(table.touch(view.load(t.after(1, client, SERVER, syn(i))), f -> { }));
        }
        assertEquals(flows, table.size());
        assertEquals(flows, states.stream().distinct().count(), "every 4-tuple has a state of its own");
        // Every other flow goes; the rest must still be found, from either direction.
        for (int i = 0; i < flows; i += 2) {
            table.forget(states.get(i));
        }
        for (int i = 1; i < flows; i += 2) {
            assertSame(states.get(i), table.touch(view.load(t.after(1, SERVER, clients.get(i), synAck(1, i + 1))), f -> { }),
                    "flow " + i + " after the slots grew and half the flows went");
        }
        assertEquals(flows / 2, table.size());
    }
}

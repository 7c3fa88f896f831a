package io.finack.analysis;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.testing.TraceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Optional;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rstAck;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReconnectReplyTest {
    static final long OLD_ISN = 0;
    static final long NEW_ISN = 1L << 31;
    static final long KERNEL_ISN = 7_000_000;

    final Endpoint harness = Endpoint.of("127.0.0.1", 40000);
    final Endpoint kernel = Endpoint.of("127.0.0.1", 8080);

    /** The old connection, closed by the kernel: handshake, FIN, the harness's ACK of it (frames 1-4). */
    TraceBuilder closedConnection() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, harness, kernel, syn(OLD_ISN));
        t.after(40, kernel, harness, synAck(KERNEL_ISN, OLD_ISN + 1));
        t.after(1000, harness, kernel, ack(OLD_ISN + 1, KERNEL_ISN + 1));
        t.after(1000, kernel, harness, Segment.builder().flags(Flags.FIN_ACK).seq(KERNEL_ISN + 1).ack(OLD_ISN + 1).build());
        t.after(1000, harness, kernel, ack(OLD_ISN + 1, KERNEL_ISN + 2));
        return t;
    }

    ReconnectReply expected(ReconnectReply.Kind kind, long syn, Long reply, Long lastAck) {
        return new ReconnectReply(kind, new Flow(harness, kernel), syn, reply, lastAck, ReconnectReply.DEFAULT_INVALID_RATELIMIT);
    }

    @Test
    void aSynAckAcceptsTheReconnect() {
        TraceBuilder t = closedConnection();
        t.after(1000, harness, kernel, syn(NEW_ISN));
        t.after(15, kernel, harness, synAck(KERNEL_ISN + 65539, NEW_ISN + 1));
        ReconnectReply r = ReconnectReply.find(t.frames()).orElseThrow();
        assertEquals(expected(ReconnectReply.Kind.SYN_ACK, 6, 7L, null), r);
        assertEquals("SYN_ACK (frame 6 -> 7)", r.toString());
    }

    @Test
    void anAckOfTheOldConnectionIsTheStaleAck() {
        TraceBuilder t = closedConnection();
        t.after(1000, harness, kernel, syn(NEW_ISN));
        t.after(10, kernel, harness, ack(KERNEL_ISN + 2, OLD_ISN + 1));
        assertEquals(ReconnectReply.Kind.STALE_ACK, ReconnectReply.find(t.frames()).orElseThrow().kind());
    }

    @Test
    void anRstWithOrWithoutAckIsARefusal() {
        TraceBuilder t = closedConnection();
        t.after(1000, harness, kernel, syn(NEW_ISN));
        t.after(10, kernel, harness, rstAck(0, NEW_ISN + 1));
        assertEquals(ReconnectReply.Kind.RST, ReconnectReply.find(t.frames()).orElseThrow().kind());
    }

    @Test
    void aFinIsAnotherSegment() {
        TraceBuilder t = closedConnection();
        t.after(1000, harness, kernel, syn(NEW_ISN));
        t.after(10, kernel, harness, Segment.builder().flags(Flags.FIN_ACK).seq(KERNEL_ISN + 1).ack(1).build());
        assertEquals(ReconnectReply.Kind.OTHER, ReconnectReply.find(t.frames()).orElseThrow().kind());
    }

    /** The kernel's FIN (frame 4) is its last segment but not a bare ACK: silence is plain silence. */
    @Test
    void silenceAfterNoRecentAckIsNone() {
        TraceBuilder t = closedConnection();
        t.after(1000, harness, kernel, syn(NEW_ISN));
        ReconnectReply r = ReconnectReply.find(t.frames()).orElseThrow();
        assertEquals(expected(ReconnectReply.Kind.NONE, 6, null, null), r);
        assertEquals("NONE (frame 6 -> nothing)", r.toString());
    }

    /** A timewait socket sent an out-of-window ACK 300 ms before: its next one is rate-limited (500 ms). */
    @Test
    void silenceWithinTheRateLimitOfTheKernelsLastAckIsRateLimited() {
        TraceBuilder t = closedConnection();
        t.after(1000, harness, kernel, ack(NEW_ISN, OLD_ISN + 1));
        t.after(10, kernel, harness, ack(KERNEL_ISN + 2, OLD_ISN + 1));
        t.after(300_000, harness, kernel, syn(NEW_ISN));
        ReconnectReply r = ReconnectReply.find(t.frames()).orElseThrow();
        assertEquals(expected(ReconnectReply.Kind.RATE_LIMITED, 8, null, 7L), r);
        assertEquals("RATE_LIMITED (frame 8 -> nothing, 500 ms limit from the ACK of frame 7)", r.toString());
        // Past the limit the silence is the kernel's answer, whatever came before.
        assertEquals(ReconnectReply.Kind.NONE, ReconnectReply.find(t.frames(), Duration.ofMillis(200)).orElseThrow().kind());
    }

    /** The harness sends again before the kernel answers: the SYN got nothing, the next frame is not its answer. */
    @Test
    void theSendersNextSegmentEndsTheWait() {
        TraceBuilder t = closedConnection();
        t.after(1000, harness, kernel, syn(NEW_ISN));
        t.after(1000, harness, kernel, syn(NEW_ISN));
        t.after(10, kernel, harness, synAck(KERNEL_ISN + 65539, NEW_ISN + 1));
        ReconnectReply r = ReconnectReply.find(t.frames()).orElseThrow();
        assertEquals(ReconnectReply.Kind.NONE, r.kind());
        assertEquals(6, r.synFrame());
        assertNull(r.replyFrame());
    }

    /** A SYN with the first one's ISN is a retransmission; the kernel's own SYN retries are not reconnects either. */
    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void retransmissionsAreNotReconnects(Endpoint.Family family) {
        Endpoint client = new Endpoint(family.loopback(), 40000);
        Endpoint server = new Endpoint(family.loopback(), 8080);
        TraceBuilder t = new TraceBuilder();
        t.after(0, client, server, syn(OLD_ISN));
        t.after(1_000_000, client, server, syn(OLD_ISN));
        t.after(40, server, client, synAck(KERNEL_ISN, OLD_ISN + 1));
        t.after(40, client, server, ack(OLD_ISN + 1, KERNEL_ISN + 1));
        assertEquals(Optional.empty(), ReconnectReply.find(t.frames()));
    }

    /** The roles come from the capture: the side that sent the 4-tuple's first SYN is the client, either way round. */
    @Test
    void theServersSynOnTheSameFourTupleOpensNothing() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, kernel, harness, syn(5));
        t.after(40, harness, kernel, syn(9));
        t.after(40, kernel, harness, syn(6));
        t.after(40, harness, kernel, synAck(1, 7));
        ReconnectReply r = ReconnectReply.find(t.frames()).orElseThrow();
        assertEquals(new Flow(kernel, harness), r.flow());
        assertEquals(3, r.synFrame());
        assertEquals(ReconnectReply.Kind.SYN_ACK, r.kind());
    }
}

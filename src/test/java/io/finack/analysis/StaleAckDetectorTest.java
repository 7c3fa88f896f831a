package io.finack.analysis;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Endpoint.Family;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.testing.TraceBuilder;
import io.finack.wire.CaptureFileException;
import io.finack.wire.CapturedFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.rstAck;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaleAckDetectorTest {
    static final long ISN = 1_000_000;
    static final long SERVER_ISN = 9_000_000;
    /** The old connection's numbers a FIN_WAIT_2 timewait socket answers with (seq 1, ack 5 in the seed's trace). */
    static final long OLD_SEQ = 1;
    static final long STALE_ACK = 5;
    static final String RETRANSMITTED_SYN_NOTE = "the stale ACK answered a retransmitted SYN, which the fix does not speed up";

    static Endpoint client(Family family) {
        return new Endpoint(family.loopback(), 40000);
    }

    static Endpoint server(Family family) {
        return new Endpoint(family.loopback(), 8080);
    }

    static Flow flow(Family family) {
        return new Flow(client(family), server(family));
    }

    /** (a) The fixed kernel, as measured at HZ=250: RST 50 us after the stale ACK, SYN again 11.5 ms later. */
    static List<CapturedFrame> fastRetry(Family family) {
        Endpoint c = client(family), s = server(family);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(50, c, s, rst(STALE_ACK));
        t.after(11_500, c, s, syn(ISN));
        t.after(42, s, c, synAck(SERVER_ISN, ISN + 1));
        t.after(18, c, s, ack(ISN + 1, SERVER_ISN + 1));
        return t.frames();
    }

    /** (b) The stale ACK answers a retransmitted SYN, so even a fixed kernel waits about 1 s. */
    static List<CapturedFrame> rtoRetry(Family family) {
        Endpoint c = client(family), s = server(family);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(1_000_000, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(50, c, s, rst(STALE_ACK));
        t.after(1_020_000, c, s, syn(ISN));
        t.after(42, s, c, synAck(SERVER_ISN, ISN + 1));
        t.after(18, c, s, ack(ISN + 1, SERVER_ISN + 1));
        return t.frames();
    }

    static PathFinding expectedFastRetry(Family family) {
        return new PathFinding(flow(family), Verdict.FAST_RETRY, 1, 2L, 3L, 4L, STALE_ACK, STALE_ACK,
                0.05, 0.05, 11.5, 0, "");
    }

    static PathFinding expectedRtoRetry(Family family) {
        return new PathFinding(flow(family), Verdict.RTO_RETRY, 2, 3L, 4L, 5L, STALE_ACK, STALE_ACK,
                0.05, 0.05, 1020.0, 1, RETRANSMITTED_SYN_NOTE);
    }

    static PathFinding noStaleAck(Flow flow, long synFrame, int synRetransmissions, String detail) {
        return new PathFinding(flow, Verdict.NO_STALE_ACK, synFrame, null, null, null, null, null,
                null, null, null, synRetransmissions, detail);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void fastRetryWithItsFramesAndTimings(Family family) {
        assertEquals(List.of(expectedFastRetry(family)), StaleAckDetector.detect(fastRetry(family)));
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void rtoRetryAfterAStaleAckToARetransmittedSyn(Family family) {
        assertEquals(List.of(expectedRtoRetry(family)), StaleAckDetector.detect(rtoRetry(family)));
    }

    @Test
    void rtoRetryOnAFirstSynIsTheUnfixedKernel() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(61, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(48, c, s, rst(STALE_ACK));
        t.after(1_000_250, c, s, syn(ISN));

        assertEquals(List.of(new PathFinding(flow(Family.IPV4), Verdict.RTO_RETRY, 1, 2L, 3L, 4L, STALE_ACK, STALE_ACK,
                0.061, 0.048, 1000.25, 0, "")), StaleAckDetector.detect(t.frames()));
    }

    @Test
    void theLimitIsExclusiveAndConfigurable() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(50, c, s, rst(STALE_ACK));
        t.after(200_000, c, s, syn(ISN));

        assertEquals(Verdict.RTO_RETRY, StaleAckDetector.detect(t.frames()).get(0).verdict());
        StaleAckDetector generous = new StaleAckDetector(Duration.ofNanos(200_000_001));
        t.frames().forEach(generous::accept);
        assertEquals(Verdict.FAST_RETRY, generous.finish().get(0).verdict());
        StaleAckDetector strict = new StaleAckDetector(Duration.ofMillis(10));
        fastRetry(Family.IPV4).forEach(strict::accept);
        assertEquals(Verdict.RTO_RETRY, strict.finish().get(0).verdict());
    }

    @Test
    void closedPortRstIsNoStaleAck() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(20, s, c, rstAck(0, ISN + 1));

        assertEquals(List.of(noStaleAck(flow(Family.IPV4), 1, 0, "SYN answered by RST/ACK in frame 2")),
                StaleAckDetector.detect(t.frames()));
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void normalConnectionIsNoStaleAck(Family family) {
        Endpoint c = client(family), s = server(family);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(30, s, c, synAck(SERVER_ISN, ISN + 1));
        t.after(20, c, s, ack(ISN + 1, SERVER_ISN + 1));
        t.after(100, c, s, ack(ISN + 1, SERVER_ISN + 1).toBuilder().flags(Flags.PSH_ACK).payload(new byte[4]).build());
        t.after(20, s, c, ack(SERVER_ISN + 1, ISN + 5));
        t.after(100, s, c, Segment.builder().flags(Flags.FIN_ACK).seq(SERVER_ISN + 1).ack(ISN + 5).build());
        t.after(20, c, s, rstAck(ISN + 5, SERVER_ISN + 2));

        assertEquals(List.of(noStaleAck(flow(family), 1, 0, "SYN answered by SYN/ACK in frame 2")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void synRetransmittedAfterSilenceThenAnsweredIsNoStaleAck() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(1_000_000, c, s, syn(ISN));
        t.after(30, s, c, synAck(SERVER_ISN, ISN + 1));
        t.after(20, c, s, ack(ISN + 1, SERVER_ISN + 1));

        assertEquals(List.of(noStaleAck(flow(Family.IPV4), 2, 1, "SYN answered by SYN/ACK in frame 3")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void rstWithAnotherSeqIsNoRst() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(50, c, s, rst(1000));
        t.after(11_500, c, s, syn(ISN));
        t.after(40, s, c, synAck(SERVER_ISN, ISN + 1));

        assertEquals(List.of(new PathFinding(flow(Family.IPV4), Verdict.NO_RST, 1, 2L, 3L, 4L, STALE_ACK, 1000L,
                0.05, 0.05, 11.5, 0, "RST seq 1000 does not match the stale ACK's ack 5; SYN retried")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void aMatchingRstAfterAWrongOneStillCompletesTheChain() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(50, c, s, rst(1000));
        t.after(50, c, s, rst(STALE_ACK));
        t.after(11_500, c, s, syn(ISN));

        PathFinding finding = StaleAckDetector.detect(t.frames()).get(0);
        assertEquals(Verdict.FAST_RETRY, finding.verdict());
        assertEquals(4L, finding.rstFrame());
        assertEquals(STALE_ACK, finding.rstSeq());
    }

    @Test
    void staleAckWithoutRstOrRetryIsNoRst() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));

        assertEquals(List.of(new PathFinding(flow(Family.IPV4), Verdict.NO_RST, 1, 2L, null, null, STALE_ACK, null,
                0.05, null, null, 0, "no RST or SYN retry before the capture ended")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void staleAckThenSynWithoutRstIsNoRstWithTheRetry() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(1_000_000, c, s, syn(ISN));
        t.after(40, s, c, synAck(SERVER_ISN, ISN + 1));

        assertEquals(List.of(new PathFinding(flow(Family.IPV4), Verdict.NO_RST, 1, 2L, null, 3L, STALE_ACK, null,
                0.05, null, null, 0, "SYN retried without an RST for the stale ACK")),
                StaleAckDetector.detect(t.frames()));
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void rstWithoutRetryAtTheEndIsNoRetry(Family family) {
        List<CapturedFrame> cut = fastRetry(family).subList(0, 3);

        assertEquals(List.of(new PathFinding(flow(family), Verdict.NO_RETRY, 1, 2L, 3L, null, STALE_ACK, STALE_ACK,
                0.05, 0.05, null, 0, "no SYN retry before the capture ended")),
                StaleAckDetector.detect(cut));
    }

    @Test
    void unansweredSynAtTheEndIsNoStaleAck() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, client(Family.IPV6), server(Family.IPV6), syn(ISN));
        t.after(1_000_000, client(Family.IPV6), server(Family.IPV6), syn(ISN));

        assertEquals(List.of(noStaleAck(flow(Family.IPV6), 2, 1, "no answer to the SYN before the capture ended")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void aSynWithANewIsnOpensANewAttempt() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(3_000_000, c, s, syn(ISN + 77));
        t.after(30, s, c, synAck(SERVER_ISN, ISN + 78));

        assertEquals(List.of(
                noStaleAck(flow(Family.IPV4), 1, 0, "no answer to the SYN before a new SYN with seq 1000077 in frame 2"),
                noStaleAck(flow(Family.IPV4), 2, 0, "SYN answered by SYN/ACK in frame 3")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void aRetryAnsweredByAnotherStaleAckStartsANewChain() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(50, c, s, rst(STALE_ACK));
        t.after(11_500, c, s, syn(ISN));
        t.after(60, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(40, c, s, rst(STALE_ACK));
        t.after(1_020_000, c, s, syn(ISN));
        t.after(40, s, c, synAck(SERVER_ISN, ISN + 1));

        assertEquals(List.of(
                expectedFastRetry(Family.IPV4),
                new PathFinding(flow(Family.IPV4), Verdict.RTO_RETRY, 4, 5L, 6L, 7L, STALE_ACK, STALE_ACK,
                        0.06, 0.04, 1020.0, 0, RETRANSMITTED_SYN_NOTE)),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void duplicatesFromEitherSideDoNotConfuseIt() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(10, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(40, c, s, rst(STALE_ACK));
        t.after(10, c, s, rst(STALE_ACK));
        t.after(5, s, c, synAck(SERVER_ISN, ISN + 1));
        t.after(11_485, c, s, syn(ISN));

        assertEquals(List.of(new PathFinding(flow(Family.IPV4), Verdict.FAST_RETRY, 1, 2L, 4L, 7L, STALE_ACK, STALE_ACK,
                0.05, 0.05, 11.5, 0, "")), StaleAckDetector.detect(t.frames()));
    }

    @Test
    void anAcceptableAckWithoutSynLeavesTheAttemptWaiting() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(30, s, c, ack(OLD_SEQ, ISN + 1));
        t.after(30, s, c, ack(OLD_SEQ, STALE_ACK));
        t.after(50, c, s, rst(STALE_ACK));
        t.after(11_500, c, s, syn(ISN));

        PathFinding finding = StaleAckDetector.detect(t.frames()).get(0);
        assertEquals(Verdict.FAST_RETRY, finding.verdict());
        assertEquals(3L, finding.staleAckFrame());
    }

    @Test
    void aSynAckWithAnUnacceptableAckTakesThePathToo() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(ISN));
        t.after(50, s, c, synAck(SERVER_ISN, STALE_ACK));
        t.after(50, c, s, rst(STALE_ACK));
        t.after(11_500, c, s, syn(ISN));

        assertEquals(List.of(expectedFastRetry(Family.IPV4)), StaleAckDetector.detect(t.frames()));
    }

    @Test
    void interleavedFlowsAreKeptApartWhicheverSideConnects() {
        Endpoint c1 = client(Family.IPV4), s1 = server(Family.IPV4);
        // The second flow connects from the well-known port: roles come from the SYN, not the port.
        Endpoint c2 = Endpoint.of("127.0.0.2", 8080), s2 = Endpoint.of("127.0.0.1", 50000);
        TraceBuilder t = new TraceBuilder();
        t.after(0, c1, s1, syn(ISN));                          // 1
        t.after(10, c2, s2, syn(4242));                        // 2
        t.after(40, s1, c1, ack(OLD_SEQ, STALE_ACK));          // 3
        t.after(5, s2, c2, ack(77, 99));                       // 4
        t.after(45, c1, s1, rst(STALE_ACK));                   // 5
        t.after(5, c2, s2, rst(99));                           // 6
        t.after(11_450, c1, s1, syn(ISN));                     // 7
        t.after(30, s1, c1, synAck(SERVER_ISN, ISN + 1));      // 8
        t.after(1_000_000, c2, s2, syn(4242));                 // 9
        t.after(30, s2, c2, synAck(SERVER_ISN, 4243));         // 10

        assertEquals(List.of(
                new PathFinding(flow(Family.IPV4), Verdict.FAST_RETRY, 1, 3L, 5L, 7L, STALE_ACK, STALE_ACK,
                        0.05, 0.05, 11.455, 0, ""),
                new PathFinding(new Flow(c2, s2), Verdict.RTO_RETRY, 2, 4L, 6L, 9L, 99L, 99L,
                        0.045, 0.05, 1011.48, 0, "")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void simultaneousOpenEndsTheFirstAttemptAndOpensTheOther() {
        Endpoint a = client(Family.IPV4), b = server(Family.IPV4);
        TraceBuilder t = new TraceBuilder();
        t.after(0, a, b, syn(ISN));
        t.after(10, b, a, syn(SERVER_ISN));
        t.after(10, a, b, synAck(ISN, SERVER_ISN + 1));

        assertEquals(List.of(
                noStaleAck(new Flow(a, b), 1, 0, "SYN answered by SYN in frame 2"),
                noStaleAck(new Flow(b, a), 2, 0, "SYN answered by SYN/ACK in frame 3")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void sequenceNumbersWrapAround() {
        Endpoint c = client(Family.IPV4), s = server(Family.IPV4);
        long lastIsn = 4_294_967_295L;
        TraceBuilder t = new TraceBuilder();
        t.after(0, c, s, syn(lastIsn));                         // 1: ISS + 1 wraps to 0
        t.after(30, s, c, synAck(SERVER_ISN, 0));               // 2: acceptable
        Endpoint c2 = new Endpoint(c.address(), 40002);
        t.after(100, c2, s, syn(lastIsn));                      // 3
        t.after(50, s, c2, ack(4_294_967_290L, lastIsn));       // 4: acks the ISS itself: unacceptable
        t.after(50, c2, s, rst(lastIsn));                       // 5
        t.after(11_500, c2, s, syn(lastIsn));                   // 6

        assertEquals(List.of(
                noStaleAck(new Flow(c, s), 1, 0, "SYN answered by SYN/ACK in frame 2"),
                new PathFinding(new Flow(c2, s), Verdict.FAST_RETRY, 3, 4L, 5L, 6L, lastIsn, lastIsn,
                        0.05, 0.05, 11.5, 0, "")),
                StaleAckDetector.detect(t.frames()));
    }

    @Test
    void theSameFramesGiveTheSameFindingsOneByOne() {
        StaleAckDetector detector = new StaleAckDetector();
        for (CapturedFrame frame : rtoRetry(Family.IPV6)) {
            detector.accept(frame);
        }
        assertEquals(StaleAckDetector.detect(rtoRetry(Family.IPV6)), detector.finish());
        assertThrows(IllegalStateException.class, () -> detector.accept(rtoRetry(Family.IPV6).get(0)));
    }

    @Test
    void aMissingCaptureFileIsReported(@TempDir Path dir) {
        CaptureFileException e = assertThrows(CaptureFileException.class,
                () -> StaleAckDetector.detect(dir.resolve("gone.pcap")));
        assertEquals("capture file not found: " + dir.resolve("gone.pcap"), e.getMessage());
    }

    @Test
    void theLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new StaleAckDetector(Duration.ZERO));
    }

    @Test
    void everyVerdictHasAOneLineMeaning() {
        for (Verdict v : Verdict.values()) {
            assertTrue(!v.meaning().isBlank() && !v.meaning().contains("\n"), v.name());
        }
    }

    @Test
    void aFindingRefusesFramesThatContradictItsVerdict() {
        assertThrows(IllegalArgumentException.class, () -> new PathFinding(flow(Family.IPV4), Verdict.FAST_RETRY,
                1, 2L, 3L, null, STALE_ACK, STALE_ACK, 0.05, 0.05, null, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new PathFinding(flow(Family.IPV4), Verdict.NO_STALE_ACK,
                1, 2L, null, null, STALE_ACK, null, 0.05, null, null, 0, ""));
    }
}

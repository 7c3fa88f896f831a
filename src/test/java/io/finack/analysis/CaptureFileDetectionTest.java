package io.finack.analysis;

import io.finack.tcp.Endpoint.Family;
import io.finack.wire.CapturedFrame;
import io.finack.wire.PcapReader;
import io.finack.wire.PcapWriter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The detector must say the same about a capture whether it watched it live or reads it back from disk. */
class CaptureFileDetectionTest {
    private static final double ONE_MICROSECOND_MS = 0.001;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Family.class)
    void fastAndRtoCapturesReadBackGiveTheSameFindings(Family family) throws Exception {
        // The two experiments one after the other in one file, the RTO one from another client port.
        List<CapturedFrame> live = new ArrayList<>(StaleAckDetectorTest.fastRetry(family));
        for (CapturedFrame f : StaleAckDetectorTest.rtoRetry(family)) {
            live.add(new CapturedFrame(live.size() + 1, f.epochNanos() + 5_000_000_000L, f.raw(), f.tcp()));
        }
        Path file = dir.resolve("fast-then-rto-" + family + ".pcap");
        PcapWriter.writeAll(file, live);

        List<PathFinding> fromLive = StaleAckDetector.detect(live);
        List<PathFinding> fromFile = StaleAckDetector.detect(file);

        assertEquals(List.of(Verdict.FAST_RETRY, Verdict.RTO_RETRY), fromFile.stream().map(PathFinding::verdict).toList());
        assertEquals(List.of(1L, 8L), fromFile.stream().map(PathFinding::synFrame).toList());
        assertEquals(fromLive.size(), fromFile.size());
        for (int i = 0; i < fromLive.size(); i++) {
            assertSameFinding(fromLive.get(i), fromFile.get(i));
        }
        List<Long> numbers = new ArrayList<>();
        assertEquals(live.size(), PcapReader.read(file, f -> numbers.add(f.number())));
        assertEquals(live.stream().map(CapturedFrame::number).toList(), numbers);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void eachCaptureAloneReadsBackToItsExpectedFinding(Family family) throws Exception {
        Path fast = dir.resolve("fast.pcap");
        Path rto = dir.resolve("rto.pcap");
        PcapWriter.writeAll(fast, StaleAckDetectorTest.fastRetry(family));
        PcapWriter.writeAll(rto, StaleAckDetectorTest.rtoRetry(family));

        assertSameFinding(StaleAckDetectorTest.expectedFastRetry(family), StaleAckDetector.detect(fast).get(0));
        assertSameFinding(StaleAckDetectorTest.expectedRtoRetry(family), StaleAckDetector.detect(rto).get(0));
    }

    private static void assertSameFinding(PathFinding expected, PathFinding actual) {
        assertEquals(expected.flow(), actual.flow());
        assertEquals(expected.verdict(), actual.verdict());
        assertEquals(expected.synFrame(), actual.synFrame());
        assertEquals(expected.staleAckFrame(), actual.staleAckFrame());
        assertEquals(expected.rstFrame(), actual.rstFrame());
        assertEquals(expected.retryFrame(), actual.retryFrame());
        assertEquals(expected.staleAckNumber(), actual.staleAckNumber());
        assertEquals(expected.rstSeq(), actual.rstSeq());
        assertMillis(expected.synToStaleAckMs(), actual.synToStaleAckMs());
        assertMillis(expected.staleAckToRstMs(), actual.staleAckToRstMs());
        assertMillis(expected.rstToRetryMs(), actual.rstToRetryMs());
        assertEquals(expected.synRetransmissions(), actual.synRetransmissions());
        assertEquals(expected.detail(), actual.detail());
    }

    private static void assertMillis(Double expected, Double actual) {
        assertNotNull(expected);
        assertNotNull(actual);
        assertEquals(expected, actual, ONE_MICROSECOND_MS);
    }
}

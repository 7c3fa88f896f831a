package io.finack.bench;

import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.StaleAckDetector;
import io.finack.analysis.Verdict;
import io.finack.capture.CaptureReaderAgreementTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's capture, small: analyze finds what was written, and libpcap reads it as finack does. */
class SyntheticCaptureTest {
    @TempDir
    Path dir;

    @Test
    void analyzeFindsTheKnownPathInstancesAndNoDecoy() throws Exception {
        Path file = dir.resolve("synthetic.pcap");
        SyntheticCapture.Counts written = SyntheticCapture.write(file, 20 << 20);
        assertTrue(written.fastRetry() > 0 && written.rtoRetry() > 0 && written.refused() > 0 && written.lostSyns() > 0,
                written.toString());

        CaptureAnalysis a = CaptureAnalysis.of(file, StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT);

        assertEquals(written.frames(), a.frames());
        assertEquals(written.connections(), a.attempts(), "one finding a connection: a path's retry belongs to its chain");
        assertEquals(written.fastRetry(), a.verdictCounts().get(Verdict.FAST_RETRY));
        assertEquals(written.rtoRetry(), a.verdictCounts().get(Verdict.RTO_RETRY));
        assertEquals(0, a.verdictCounts().get(Verdict.NO_RST) + a.verdictCounts().get(Verdict.NO_RETRY));
        assertEquals(written.lostSyns(), a.synRetransmissions());
        assertEquals(0, a.finWait2().size(), "every connection closes on both sides");
        CaptureReaderAgreementTest.assertAgreesWithLibpcap(file, 14);
    }
}

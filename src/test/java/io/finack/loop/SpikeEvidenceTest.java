package io.finack.loop;

import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.finack.tcp.Endpoint;
import io.finack.testing.TraceBuilder;
import io.finack.wire.CapturedFrame;
import io.finack.wire.PcapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.rstAck;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A window's analysis: the detector names the flagged connection's path; the pcap holds the window and keeps its bound. */
class SpikeEvidenceTest {
    private static final Endpoint CLIENT = new Endpoint(Endpoint.IPV4_LOOPBACK, LoopSpec.CLIENT_PORT);
    private static final Endpoint SERVER = new Endpoint(Endpoint.IPV4_LOOPBACK, LoopSpec.SERVER_PORT);

    @TempDir
    Path dir;

    private static SpikeWindow window(List<CapturedFrame> frames, int before) {
        return new SpikeWindow(2, false, frames.stream().map(f -> new RawFrame(f.epochNanos(), f.raw())).toList(), before, false);
    }

    @Test
    void theStaleAckPathOfTheFlaggedConnectionIsNamedWithItsFramesInThePcap() throws Exception {
        TraceBuilder t = new TraceBuilder();
        // connection 1: a normal one, then the client's RST at close
        t.after(0, CLIENT, SERVER, syn(1000));
        t.after(10, SERVER, CLIENT, synAck(5000, 1001));
        t.after(10, CLIENT, SERVER, rstAck(1001, 5001));
        long startedAt = t.frames().get(2).epochNanos() + 1;
        // connection 2: the stale ACK, the RST with its ack number, the retry 8 ms later
        t.after(50, CLIENT, SERVER, syn(90_000));
        t.after(10, SERVER, CLIENT, ack(5001, 1001));
        t.after(10, CLIENT, SERVER, rst(1001));
        t.after(8000, CLIENT, SERVER, syn(90_000));
        t.after(10, SERVER, CLIENT, synAck(7000, 90_001));
        t.after(10, CLIENT, SERVER, rstAck(90_001, 7001));
        long endedAt = t.frames().get(8).epochNanos() + 1;
        t.after(50, CLIENT, SERVER, syn(180_000));  // connection 3, in the tail
        Path pcap = dir.resolve("w.pcap");

        SpikeEvidence e = SpikeEvidence.of(window(t.frames(), 3), startedAt, endedAt, Optional.of(pcap));

        assertEquals(10, e.frames());
        assertEquals(4, e.firstFrame());
        assertEquals(9, e.lastFrame());
        PathFinding f = e.finding().orElseThrow();
        assertEquals(Verdict.FAST_RETRY, f.verdict());
        assertEquals(4, f.synFrame());
        assertEquals(5L, f.staleAckFrame());
        assertEquals(6L, f.rstFrame());
        assertEquals(7L, f.retryFrame());
        assertEquals(8.0, f.rstToRetryMs(), 1e-9);

        List<CapturedFrame> back = new ArrayList<>();
        assertEquals(10, PcapReader.read(pcap, back::add));
        for (int i = 0; i < back.size(); i++) {
            assertEquals(t.frames().get(i).epochNanos(), back.get(i).epochNanos());
            assertEquals(t.frames().get(i).tcp(), back.get(i).tcp());
        }
    }

    @Test
    void aConnectionOutsideTheWindowHasNoFinding() throws Exception {
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT, SERVER, syn(1000));
        t.after(10, SERVER, CLIENT, synAck(5000, 1001));
        long later = t.frames().get(1).epochNanos() + 1_000_000;
        SpikeEvidence e = SpikeEvidence.of(window(t.frames(), 2), later, later + 1000, Optional.empty());
        assertEquals(0, e.firstFrame());
        assertTrue(e.finding().isEmpty());
        assertTrue(e.pcap().isEmpty());
    }

    @Test
    void aFullWindowOfTheLargestFramesItKeepsStaysUnderTheDocumentedBound() throws Exception {
        WindowBounds b = WindowBounds.DEFAULT;
        SpikeWindows windows = new SpikeWindows(b);
        // Frames of 128 bytes: 256 of them are exactly the 32 KiB of a side.
        long t = TraceBuilder.START_NANOS;
        for (int i = 0; i < 1000; i++) {
            windows.frame(t += 1000, new byte[128]);
        }
        windows.flag(1, t);
        for (int i = 0; i < 1000; i++) {
            windows.frame(t += 1000, new byte[128]);
        }
        windows.finish();
        SpikeWindow w = windows.windows().get(0);
        assertEquals(512, w.frames().size());
        Path pcap = dir.resolve("full.pcap");
        SpikeEvidence.of(w, t, t, Optional.of(pcap));
        assertEquals(b.maxPcapBytesPerWindow(), Files.size(pcap), "the bound is reached exactly, never passed");
    }
}

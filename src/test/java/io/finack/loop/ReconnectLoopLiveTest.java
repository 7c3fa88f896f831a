package io.finack.loop;

import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.finack.sandbox.NetNamespace;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.testing.Commands;
import io.finack.testing.Privileged;
import io.finack.wire.CapturedFrame;
import io.finack.wire.PcapReader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconnect loop against the live kernel, both ends real sockets, in namespaces the tests make. */
@Privileged
class ReconnectLoopLiveTest {
    @TempDir
    Path out;

    private static LoopSpec spec(Endpoint.Family family, long connections, Duration threshold, int maxWindows,
                                 SandboxSpec.Mode mode) {
        return new LoopSpec(family, new LoopSpec.Limit.Connections(connections), threshold,
                WindowBounds.DEFAULT.withMaxWindows(maxWindows), mode);
    }

    private List<Path> pcaps() throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
    }

    /**
     * 10,000 connections: every one counted, by the loop and by the capture; the distribution
     * reported; whatever this kernel makes slow or refuses (both happen here now and then), its
     * pcap windows within the documented bound.
     */
    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void tenThousandConnectionsAreCountedExactlyWithTheirDistributionAndBoundedPcaps(Endpoint.Family family)
            throws Exception {
        LoopSpec spec = spec(family, 10_000, LoopSpec.DEFAULT_THRESHOLD, WindowBounds.DEFAULT.maxWindows(),
                SandboxSpec.Mode.FRESH);
        LoopResult r = ReconnectLoop.run(spec, Optional.of(out));

        assertEquals(10_000, r.connections());
        // A connect() may fail at once (EADDRNOTAVAIL, now and then here): no SYN, nothing to capture.
        assertTrue(r.synsSent() >= 10_000 - r.failed(), r.toString());
        assertEquals(r.synsSent(), r.capturedConnections(), "the capture saw every connection begin");
        assertEquals(10_000 - r.failed(), r.connectMs().count());
        assertTrue(r.connectMs().min() > 0 && r.connectMs().min() <= r.connectMs().median()
                && r.connectMs().median() <= r.connectMs().p90() && r.connectMs().p90() <= r.connectMs().p99()
                && r.connectMs().p99() <= r.connectMs().max(), r.connectMs().toString());
        assertTrue(r.capturedFrames() >= 5L * r.connections(), "SYN, SYN/ACK, ACK, data, FIN at least: " + r.capturedFrames());
        long attempts = r.verdicts().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(attempts >= r.synsSent(), "one finding per attempt, and a retried SYN may open another: " + r.verdicts());
        long entered = attempts - r.verdicts().get(Verdict.NO_STALE_ACK);
        assertEquals(Math.min(entered, 100), r.pathEntries().size(), r.pathEntries().toString());
        for (PathEntry e : r.pathEntries()) {
            assertTrue(e.connection() >= 1 && e.connection() <= r.connections(), e.toString());
        }

        List<Path> pcaps = pcaps();
        assertEquals(r.flagged().stream().filter(f -> f.evidence().isPresent()).count()
                + r.pathEntries().stream().filter(p -> p.evidence().isPresent()).count(), pcaps.size());
        long total = 0;
        for (Path p : pcaps) {
            long size = Files.size(p);
            assertTrue(size <= spec.windows().maxPcapBytesPerWindow(), p + ": " + size);
            total += size;
        }
        assertEquals(total, r.pcapBytes());
        assertTrue(total <= spec.windows().maxPcapBytes());
        for (FlaggedConnection f : r.flagged()) {
            assertTrue(f.slow() ? f.connectMs() >= 500 : f.failure().isPresent(), f.toString());
            assertTrue(f.sentSyn() || f.failure().isPresent(), f.toString());
        }
    }

    /**
     * The 100th SYN that reaches the server is dropped by an nft rule in the test's namespace, so
     * one connection waits for its SYN retransmission (the initial RTO, 1 s): it is slow, its
     * window is written, and it holds both SYNs and the SYN/ACK, with the connections before it.
     */
    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void aDroppedSynMakesASlowConnectionWhoseWindowHoldsItsFrames(Endpoint.Family family) throws Exception {
        LoopResult r;
        try (NetNamespace ns = NetNamespace.createFresh("loop-drop-" + family)) {
            ns.linkUp("lo");
            ns.call(() -> Commands.run("nft", "add table inet loop_test; add chain inet loop_test syns "
                    + "{ type filter hook prerouting priority -300; }; add rule inet loop_test syns tcp dport "
                    + LoopSpec.SERVER_PORT + " tcp flags & (syn | ack) == syn numgen inc mod 1000000 == 99 drop"));
            r = ns.call(() -> ReconnectLoop.run(spec(family, 200, LoopSpec.DEFAULT_THRESHOLD, 100,
                    SandboxSpec.Mode.CURRENT), Optional.of(out)));
        }
        assertEquals(200, r.connections());
        FlaggedConnection slow = r.flagged().stream()
                .filter(f -> f.slow() && f.evidence().flatMap(SpikeEvidence::finding).map(PathFinding::synRetransmissions)
                        .orElse(0) > 0)
                .findFirst().orElseThrow(() -> new AssertionError("no slow connection with a lost SYN: " + r.flagged()));
        assertTrue(slow.connection() > 1 && slow.connection() <= 100, slow.toString());
        assertTrue(slow.connectMs() >= LoopSpec.DEFAULT_THRESHOLD.toMillis(), slow.toString());

        SpikeEvidence e = slow.evidence().orElseThrow();
        assertTrue(e.firstFrame() > 1, "frames of the connections before it are in the window: " + e);
        List<CapturedFrame> frames = new ArrayList<>();
        PcapReader.read(e.pcap().orElseThrow(), frames::add);
        assertEquals(e.frames(), frames.size());
        List<CapturedFrame> own = frames.subList((int) e.firstFrame() - 1, (int) e.lastFrame());
        Endpoint client = new Endpoint(family.loopback(), LoopSpec.CLIENT_PORT);
        List<CapturedFrame> syns = own.stream()
                .filter(f -> f.tcp().source().equals(client) && f.tcp().segment().flags().syn()).toList();
        assertEquals(2, syns.size(), "the dropped SYN and its retransmission: " + own);
        assertEquals(syns.get(0).tcp().segment().seq(), syns.get(1).tcp().segment().seq());
        assertTrue(own.stream().anyMatch(f -> f.tcp().destination().equals(client)
                && f.tcp().segment().flags().syn() && f.tcp().segment().flags().ack()), "the SYN/ACK: " + own);
        assertTrue(own.stream().anyMatch(f -> f.tcp().source().equals(client) && f.tcp().segment().flags().rst()),
                "the close's RST: " + own);
    }

    /** A 0 ms threshold flags every connection: the first windows are kept, the rest only counted. */
    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void aZeroThresholdFlagsEveryConnectionAndKeepsOnlyTheFirstWindows(Endpoint.Family family) throws Exception {
        LoopResult r = ReconnectLoop.run(spec(family, 50, Duration.ZERO, 10, SandboxSpec.Mode.FRESH), Optional.of(out));
        assertEquals(50, r.slowCount());
        assertEquals(50, r.flagged().size());
        // A connection on the stale-ACK path (rare) gets a window of its own, from the same 10.
        assertEquals(40 + r.pathEntries().size(), r.windowsNotKept());
        assertEquals(10, pcaps().size());
        for (FlaggedConnection f : r.flagged().subList(0, 10 - r.pathEntries().size())) {
            SpikeEvidence e = f.evidence().orElseThrow(() -> new AssertionError("no window for " + f));
            // SYN, SYN/ACK, ACK, data, its ACK, the server's FIN, the client's RST
            assertTrue(e.firstFrame() >= 1 && e.lastFrame() - e.firstFrame() >= 6, "the connection's frames: " + e);
            assertTrue(e.finding().isPresent(), "its SYN is in its window: " + e);
            assertFalse(e.truncated());
        }
        assertTrue(r.flagged().subList(10, 50).stream().allMatch(f -> f.evidence().isEmpty()));
    }
}

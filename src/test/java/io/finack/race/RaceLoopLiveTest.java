package io.finack.race;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.testing.Privileged;
import io.finack.wire.CapturedFrame;
import io.finack.wire.PcapReader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race and its control against the live kernel, a few hundred iterations of each, on both
 * closing segments and both families. Whether the race hits depends on the kernel and the
 * machine, so it is not asserted; what is: every iteration ends in a state the experiment
 * explains, the control never hits, the control's two orders reach the kernel in their order,
 * and every hit shows the seed's stale ACK in the pcap. Here the race hit in 25-75 % of the
 * iterations (Linux 6.18, 2 shared vCPUs); the class takes about 10 s.
 */
@Privileged
class RaceLoopLiveTest {
    private static final int ITERATIONS = 300;

    @TempDir
    Path captures;

    static Stream<Arguments> bothClosingSegmentsOnBothFamilies() {
        return Stream.of(ClosingSegment.values()).flatMap(c -> Stream.of(Endpoint.Family.values()).map(f -> Arguments.of(c, f)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bothClosingSegmentsOnBothFamilies")
    void everyIterationIsClassifiedAndOnlyTheRaceHits(ClosingSegment closing, Endpoint.Family family) throws Exception {
        // IPv6 runs with the racing threads under SCHED_FIFO, IPv4 without: both ways are covered.
        boolean realtime = family == Endpoint.Family.IPV6;
        RaceResult result = RaceLoop.run(new RaceSpec(closing, family, ITERATIONS, 0, 1, 0, realtime, true,
                Optional.of(captures)), done -> { });
        Outcome normal = closing == ClosingSegment.FIN ? Outcome.TIME_WAIT : Outcome.CLOSED;
        assertEquals(List.of(Delivery.CONCURRENT, Delivery.ACK_FIRST, Delivery.CLOSE_FIRST),
                result.deliveries().stream().map(RaceResult.DeliveryResult::delivery).toList());
        for (RaceResult.DeliveryResult d : result.deliveries()) {
            String story = d.delivery() + " " + d.outcomes() + " " + d.errors();
            assertEquals(d.delivery().concurrent() ? ITERATIONS : ITERATIONS / 2, d.iterations(), story);
            assertEquals(0, d.unclassified(), story);
            // Either both segments counted (the variant's normal state) or the closing one was lost.
            assertEquals(d.iterations(), d.count(normal) + d.hits(), story);
            assertEquals(d.iterations(), d.skews().size(), "both segments of every iteration captured: " + story);
            if (!d.delivery().concurrent()) {
                assertEquals(0, d.hits(), "the sequential control never hits: " + story);
                // One thread: the second segment leaves only after the first was processed.
                boolean ackFirst = d.delivery() == Delivery.ACK_FIRST;
                assertTrue(d.skewMicros().stream().allMatch(s -> ackFirst ? s > 0 : s < 0), story + " " + d.skewMicros());
            }
        }
        assertEquals(0, result.leftovers());
        assertEquals(result.deliveries().get(0).hits(), result.hits().size());
        for (RaceResult.Hit h : result.hits()) {
            assertTrue(h.confirmed(), h.toString());
        }
        if (!result.hits().isEmpty()) {
            assertStaleAckInThePcap(result.hits().get(0));
        }
    }

    /** The hit's frames in the pcap of hits: its port only, and the stale ACK (ack = our ISN + 1) among them. */
    private static void assertStaleAckInThePcap(RaceResult.Hit hit) throws Exception {
        RaceResult.PcapFrames where = hit.frames().orElseThrow();
        List<CapturedFrame> frames = new ArrayList<>();
        PcapReader.read(where.file(), f -> {
            if (f.number() >= where.first() && f.number() <= where.last()) {
                frames.add(f);
            }
        });
        assertEquals(where.last() - where.first() + 1, frames.size());
        assertTrue(frames.stream().allMatch(f -> f.tcp().source().port() == hit.port()
                || f.tcp().destination().port() == hit.port()), frames.toString());
        assertTrue(frames.stream().anyMatch(f -> f.tcp().source().port() == RaceLoop.KERNEL_PORT
                && f.tcp().segment().flags().equals(Flags.ACK_ONLY)
                && f.tcp().segment().ack() == RaceLoop.HARNESS_ISN + 1), frames.toString());
    }
}

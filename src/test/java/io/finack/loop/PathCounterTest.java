package io.finack.loop;

import io.finack.analysis.Verdict;
import io.finack.tcp.Endpoint;
import io.finack.testing.TraceBuilder;
import io.finack.wire.CapturedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.rstAck;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The detector over the whole loop: counts, the RST -> retry distribution, and which connection entered the path. */
class PathCounterTest {
    private static final Endpoint CLIENT = new Endpoint(Endpoint.IPV4_LOOPBACK, LoopSpec.CLIENT_PORT);
    private static final Endpoint SERVER = new Endpoint(Endpoint.IPV4_LOOPBACK, LoopSpec.SERVER_PORT);

    @Test
    void countsEveryAttemptAndNamesTheConnectionThatTookThePath() {
        TraceBuilder t = new TraceBuilder();
        for (int c = 0; c < 3; c++) {
            long isn = 1000 + c * 100_000L;
            t.after(100, CLIENT, SERVER, syn(isn));
            t.after(10, SERVER, CLIENT, synAck(5000, isn + 1));
            t.after(10, CLIENT, SERVER, rstAck(isn + 1, 5001));
        }
        // connection 4: stale ACK, RST, retry 8 ms later
        t.after(100, CLIENT, SERVER, syn(900_000));
        t.after(10, SERVER, CLIENT, ack(5001, 201_001));
        t.after(10, CLIENT, SERVER, rst(201_001));
        CapturedFrame retry = t.after(8000, CLIENT, SERVER, syn(900_000));
        long synAt = t.frames().get(9).epochNanos();
        t.after(10, SERVER, CLIENT, synAck(7000, 900_001));

        ConnectionCounter counter = new ConnectionCounter(LoopSpec.CLIENT_PORT);
        List<Long> told = new ArrayList<>();
        PathCounter paths = new PathCounter(counter::connections, told::add);
        for (CapturedFrame f : t.frames()) {
            counter.frame(f.raw());
            paths.frame(f.epochNanos(), f.raw());
        }
        paths.finish();

        assertEquals(4, counter.connections());
        assertEquals(1L, paths.verdicts().get(Verdict.FAST_RETRY));
        assertEquals(3L, paths.verdicts().get(Verdict.NO_STALE_ACK));
        assertEquals(0L, paths.verdicts().get(Verdict.RTO_RETRY));
        assertEquals(8.0, paths.rstToRetry().millis().median(), 0.01);
        List<PathCounter.Entered> entered = paths.entered();
        assertEquals(1, entered.size());
        assertEquals(4, entered.get(0).connectionsSeen());
        assertEquals(retry.epochNanos(), entered.get(0).epochNanos());
        assertEquals(synAt, entered.get(0).synEpochNanos());
        assertEquals(List.of(4L), told, "told as it was made");
        assertEquals(Verdict.FAST_RETRY, entered.get(0).finding().verdict());
    }

    @Test
    void theLoopsNumberSkipsTheConnectionsThatSentNoSyn() {
        assertEquals(7, ReconnectLoop.connectionNumber(7, List.of()));
        assertEquals(9, ReconnectLoop.connectionNumber(7, List.of(2L, 5L)), "two before it sent none");
        assertEquals(8, ReconnectLoop.connectionNumber(7, List.of(3L, 12L)), "only one of them before it");
        assertEquals(3, ReconnectLoop.connectionNumber(1, List.of(1L, 2L)));
    }
}

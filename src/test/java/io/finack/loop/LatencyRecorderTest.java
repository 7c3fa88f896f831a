package io.finack.loop;

import org.junit.jupiter.api.Test;
import io.finack.analysis.Stats;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyRecorderTest {
    @Test
    void percentilesWithinATenthOfAPercentOfTheSortedSamplesAndExactEnds() {
        LatencyRecorder recorder = new LatencyRecorder();
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            long nanos = 50_000L + (i * 7919L % 10_000) * 1_000;  // 0.05 to 10.05 ms, shuffled
            recorder.record(nanos);
            millis.add(nanos / 1e6);
        }
        recorder.record(1_023_456_789L);  // one spike at the initial RTO
        millis.add(1023.456789);
        Stats exact = Stats.of(millis);
        Stats s = recorder.millis();
        assertEquals(exact.count(), s.count());
        assertEquals(exact.min(), s.min(), 1e-9);
        assertEquals(exact.max(), s.max(), 1e-9);
        assertEquals(exact.median(), s.median(), exact.median() * 1e-3);
        assertEquals(exact.p90(), s.p90(), exact.p90() * 1e-3);
        assertEquals(exact.p99(), s.p99(), exact.p99() * 1e-3);
    }

    @Test
    void noSamplesGiveAnEmptyDistribution() {
        assertEquals(0, new LatencyRecorder().millis().count());
    }
}

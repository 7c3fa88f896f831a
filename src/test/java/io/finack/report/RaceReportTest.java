package io.finack.report;

import io.finack.race.ClosingSegment;
import io.finack.race.Delivery;
import io.finack.race.Outcome;
import io.finack.race.RaceResult;
import io.finack.race.RaceSpec;
import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RaceReportTest {
    private static final RaceSpec SPEC = new RaceSpec(ClosingSegment.FIN, Endpoint.Family.IPV4, 4, 0, 1, 0, false, true,
            Optional.empty());

    private static RaceResult.Skew skew(double micros, Outcome o) {
        return new RaceResult.Skew(micros, o);
    }

    private static RaceResult result(int raceHits, int controlHits) {
        RaceResult.DeliveryResult race = new RaceResult.DeliveryResult(Delivery.CONCURRENT, 4,
                Map.of(Outcome.FIN_WAIT2, raceHits, Outcome.TIME_WAIT, 4 - raceHits), List.of(), List.of());
        RaceResult.DeliveryResult ackFirst = new RaceResult.DeliveryResult(Delivery.ACK_FIRST, 2,
                Map.of(Outcome.FIN_WAIT2, controlHits, Outcome.TIME_WAIT, 2 - controlHits), List.of(), List.of());
        RaceResult.DeliveryResult closeFirst = new RaceResult.DeliveryResult(Delivery.CLOSE_FIRST, 2,
                Map.of(Outcome.TIME_WAIT, 2), List.of(), List.of());
        return new RaceResult(SPEC, List.of(race, ackFirst, closeFirst), List.of(), 1.0, Map.of(), 0);
    }

    @Test
    void skewRangesTakeTheirUpperEdgeAndCountTheHitsInEach() {
        List<RaceReport.SkewRange> ranges = RaceReport.ranges(List.of(skew(-9, Outcome.TIME_WAIT),
                skew(-1, Outcome.TIME_WAIT), skew(0, Outcome.FIN_WAIT2), skew(0.5, Outcome.FIN_WAIT2),
                skew(1, Outcome.TIME_WAIT), skew(100, Outcome.TIME_WAIT)));
        assertEquals(List.of("<= -5", "-5..-1", "-1..0", "0..1", "1..2", "2..5", "> 5"),
                ranges.stream().map(RaceReport.SkewRange::label).toList());
        assertEquals(List.of(1, 1, 1, 2, 0, 0, 1), ranges.stream().map(RaceReport.SkewRange::iterations).toList());
        assertEquals(List.of(0, 0, 1, 1, 0, 0, 0), ranges.stream().map(RaceReport.SkewRange::hits).toList());
    }

    @Test
    void noHitSaysSoWithTheBound() {
        assertEquals("no hit: the race was not reproduced on this kernel and machine (0 of 4, rate < 5.3e-01 at 95 %), "
                + "nor by the sequential control", RaceReport.conclusion(result(0, 0)));
    }

    @Test
    void aControlHitIsCalledOutFirst() {
        assertTrue(RaceReport.conclusion(result(2, 1)).startsWith("the sequential control hit too (1)"));
    }

    @Test
    void raceHitsWithACleanControlAreTheReproduction() {
        String conclusion = RaceReport.conclusion(result(2, 0));
        assertTrue(conclusion.startsWith("the race reproduced: 2 of 4"), conclusion);
        assertTrue(conclusion.endsWith("the sequential control never hit (0 of 4, rate < 5.3e-01 at 95 %)"), conclusion);
    }
}

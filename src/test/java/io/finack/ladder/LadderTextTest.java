package io.finack.ladder;

import io.finack.analysis.PathFinding;
import io.finack.script.BuiltinScripts;
import io.finack.experiment.Experiment;
import io.finack.experiment.ExperimentResult;
import io.finack.tcp.Endpoint;
import io.finack.testing.BuiltinTraces;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text ladder's exact layout: for a fixed trace of each built-in experiment, for each
 * built-in's plan, and for an analyze finding; the width limit; colour only where asked for.
 */
class LadderTextTest {
    private static final LadderText PLAIN = new LadderText(Palette.PLAIN);

    private static String run(ExperimentResult r) {
        return PLAIN.render(Ladders.ofRun(r, BuiltinScripts.named(r.name()).orElseThrow().plan(r.family())));
    }

    private static String plan(Experiment e, Endpoint.Family family) {
        return PLAIN.render(Ladders.ofPlan(e.plan(family)));
    }

    /** The expected diagram, kept as a file beside the test: {@code NAME.run.txt}, {@code NAME.plan.txt}. */
    private static String expected(String file) throws IOException {
        try (InputStream in = LadderTextTest.class.getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void eachBuiltinsRunLadderOnAFixedTrace() throws IOException {
        assertEquals(expected("syn-retry.run.txt"), run(BuiltinTraces.synRetry()));
        assertEquals(expected("syn-retry-after-retransmit.run.txt"), run(BuiltinTraces.synRetryAfterRetransmit()));
        assertEquals(expected("finwait2-stale-ack.run.txt"), run(BuiltinTraces.finWait2StaleAck()));
    }

    @Test
    void eachBuiltinsPlanLadder() throws IOException {
        for (Experiment e : BuiltinScripts.ALL) {
            assertEquals(expected(e.name() + ".plan.txt"), plan(e, Endpoint.Family.IPV4), e.name());
        }
    }







    @Test
    void aFindingsLadderShowsThePathWithTheCapturesOwnNumbers() {
        PathFinding f = BuiltinTraces.synRetry().finding().orElseThrow();
        assertEquals("""
                FAST_RETRY 127.0.0.1:40000 > 127.0.0.1:8080
                frame        ms  client       127.0.0.1:40000         127.0.0.1:8080 server      path
                    1     0.000               |-- S ------------------------------>|
                    2     0.122               |<=============== . ack 2980497654 ==|             stale ACK +0.12 ms
                    3     0.142               |== R 2980497654 ===================>|             RST +0.02 ms
                    4     8.884               |== S ==============================>|             SYN retry +8.74 ms
                  numbers: absolute, as in the capture; times from the SYN
                  ==> the stale-ACK path; +ms: the measured interval that ends on the frame
                """, PLAIN.render(Ladders.ofFinding(f)));
    }

    @Test
    void everyLadderFitsInOneHundredColumnsOnBothFamilies() {
        for (Experiment e : BuiltinScripts.ALL) {
            for (Endpoint.Family family : Endpoint.Family.values()) {
                for (String line : plan(e, family).split("\n")) {
                    assertTrue(line.length() <= LadderText.WIDTH, line.length() + " columns: " + line);
                }
            }
        }
        for (ExperimentResult r : List.of(BuiltinTraces.synRetry(), BuiltinTraces.synRetryAfterRetransmit(),
                BuiltinTraces.finWait2StaleAck())) {
            for (String line : run(r).split("\n")) {
                assertTrue(line.length() <= LadderText.WIDTH, line.length() + " columns: " + line);
            }
        }
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        assertEquals(Palette.ANSI, Palette.choose(Map.of(), true));
        assertEquals(Palette.PLAIN, Palette.choose(Map.of(), false), "a pipe or a file gets no escapes");
        assertEquals(Palette.PLAIN, Palette.choose(Map.of("NO_COLOR", "1"), true));
        assertEquals(Palette.ANSI, Palette.choose(Map.of("NO_COLOR", ""), true), "an empty NO_COLOR does not count");
    }

    @Test
    void colourChangesNothingButTheEscapes() {
        ExperimentResult r = BuiltinTraces.synRetry();
        Ladder ladder = Ladders.ofRun(r, BuiltinScripts.named("syn-retry").orElseThrow().plan(r.family()));
        String coloured = new LadderText(Palette.ANSI).render(ladder);
        assertTrue(coloured.contains("\033[1;31m|<============== . 5 ack -19502346 ==|\033[0m"), coloured);
        assertEquals(PLAIN.render(ladder), coloured.replaceAll("\033\\[[0-9;]*m", ""));
        assertFalse(PLAIN.render(ladder).contains("\033"));
    }

    @Test
    void aLabelTooLongForTheRailsIsCutVisibly() {
        Ladder ladder = new Ladder("t", new Ladder.Side("kernel", "a"), new Ladder.Side("harness", "b"),
                List.of(new Ladder.Arrow(java.util.OptionalLong.of(1), java.util.OptionalDouble.of(0), true,
                        io.finack.tcp.Flags.PSH_ACK, "P. 1:1000001(1000000) ack 4294967295 extra words", Ladder.Role.NONE,
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty())), "legend");
        assertTrue(PLAIN.render(ladder).contains("|-- P. 1:1000001(1000000) ack 429~ ->|"), PLAIN.render(ladder));
    }
}

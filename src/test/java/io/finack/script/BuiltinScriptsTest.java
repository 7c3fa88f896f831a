package io.finack.script;

import io.finack.analysis.Verdict;
import io.finack.experiment.Expectation;
import io.finack.experiment.Experiment;
import io.finack.experiment.Plan;
import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinScriptsTest {
    @Test
    void everyBuiltinIsAShippedScriptWithAPlanOnBothFamilies() {
        assertEquals(BuiltinScripts.NAMES, BuiltinScripts.ALL.stream().map(Experiment::name).toList());
        for (Experiment e : BuiltinScripts.ALL) {
            String text = BuiltinScripts.text(e.name()).orElseThrow();
            assertEquals("// " + e.summary(), text.lines().findFirst().orElseThrow());
            for (Endpoint.Family f : Endpoint.Family.values()) {
                Plan p = e.plan(f);
                assertEquals(f, p.family());
                assertTrue(p.timeline().isPresent(), e.name());
                assertEquals(p.steps().size(), p.timeline().get().sources().size());
                assertTrue(p.timeline().get().sources().get(0).startsWith(e.name() + ".pkt:"), e.name());
            }
        }
    }

    @Test
    void theExpectedVerdictIsTheLastVerdictLine() {
        assertEquals(List.of(new Expectation.Path(Verdict.FAST_RETRY), new Expectation.Path(Verdict.RTO_RETRY),
                new Expectation.Path(Verdict.FAST_RETRY)),
                BuiltinScripts.ALL.stream().map(Experiment::expected).toList());
    }

    @Test
    void lookupByName() {
        assertEquals("finwait2-stale-ack", BuiltinScripts.named("finwait2-stale-ack").orElseThrow().name());
        assertTrue(BuiltinScripts.named("nope").isEmpty());
        assertTrue(BuiltinScripts.text("nope").isEmpty());
        assertTrue(BuiltinScripts.text("../script/pass/handshake-active").isEmpty(), "only the shipped names");
    }
}

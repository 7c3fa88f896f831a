package io.finack.script;

import io.finack.analysis.ReconnectReply;
import io.finack.analysis.Verdict;
import io.finack.experiment.Expectation;
import io.finack.experiment.Experiment;
import io.finack.experiment.Plan;
import io.finack.experiment.Step;
import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

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
    void theExpectationIsTheLastVerdictLineOrTheExpectHeader() {
        assertEquals(List.of(new Expectation.Path(Verdict.FAST_RETRY), new Expectation.Path(Verdict.RTO_RETRY),
                new Expectation.Path(Verdict.FAST_RETRY),
                closeOrder(ReconnectReply.Kind.SYN_ACK, TcpState.SYN_RECV, TcpState.ESTABLISHED, TcpState.FIN_WAIT1,
                        TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.SYN_RECV),
                closeOrder(ReconnectReply.Kind.SYN_ACK, TcpState.SYN_RECV, TcpState.ESTABLISHED, TcpState.FIN_WAIT1,
                        TcpState.TIME_WAIT, TcpState.TIME_WAIT, TcpState.SYN_RECV),
                closeOrder(ReconnectReply.Kind.STALE_ACK, TcpState.SYN_RECV, TcpState.ESTABLISHED, TcpState.FIN_WAIT1,
                        TcpState.FIN_WAIT2, TcpState.FIN_WAIT2, null, TcpState.SYN_RECV)),
                BuiltinScripts.ALL.stream().map(Experiment::expected).toList());
    }

    /** A close-order script observes once an expected state, so the expectation reads against the plan. */
    @Test
    void closeOrderScriptsObserveOnceAnExpectedStateAndNeverCheckOne() {
        for (Experiment e : BuiltinScripts.ALL) {
            if (!(e.expected() instanceof Expectation.CloseOrder closeOrder)) {
                continue;
            }
            for (Endpoint.Family f : Endpoint.Family.values()) {
                List<Step> steps = e.plan(f).steps();
                assertEquals(closeOrder.states().size(), steps.stream().filter(s -> s instanceof Step.ObserveState).count(),
                        e.name() + " " + f);
                assertTrue(steps.stream().noneMatch(s -> s instanceof Step.ExpectState || s instanceof Step.CheckVerdict),
                        e.name() + ": judged at the end only");
            }
        }
    }

    /** {@code null} stands for {@code none}: no socket. */
    private static Expectation.CloseOrder closeOrder(ReconnectReply.Kind reply, TcpState... states) {
        return new Expectation.CloseOrder(java.util.Arrays.stream(states).map(Optional::ofNullable).toList(), reply);
    }

    @Test
    void lookupByName() {
        assertEquals("finwait2-stale-ack", BuiltinScripts.named("finwait2-stale-ack").orElseThrow().name());
        assertTrue(BuiltinScripts.named("nope").isEmpty());
        assertTrue(BuiltinScripts.text("nope").isEmpty());
        assertTrue(BuiltinScripts.text("../script/pass/handshake-active").isEmpty(), "only the shipped names");
    }
}

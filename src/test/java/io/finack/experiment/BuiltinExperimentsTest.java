package io.finack.experiment;

import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinExperimentsTest {
    @Test
    void everyExperimentHasAUniqueNameAndAPlanOnBothFamilies() {
        assertEquals(BuiltinExperiments.ALL.size(),
                BuiltinExperiments.ALL.stream().map(Experiment::name).distinct().count());
        for (Experiment e : BuiltinExperiments.ALL) {
            for (Endpoint.Family f : Endpoint.Family.values()) {
                Plan p = e.plan(f);
                assertEquals(f, p.family());
                assertTrue(p.kernel().loopback() && p.harness().loopback());
            }
        }
    }

    /** A close-order plan observes once per expected state, so the expectation can be read against the plan. */
    @Test
    void closeOrderPlansObserveOnceAnExpectedState() {
        List<Experiment> closeOrder = BuiltinExperiments.ALL.stream()
                .filter(e -> e.expected() instanceof Expectation.CloseOrder).toList();
        assertEquals(List.of("in-order-close", "fin-ack-reorder", "rst-ack-lost"),
                closeOrder.stream().map(Experiment::name).toList());
        for (Experiment e : closeOrder) {
            for (Endpoint.Family f : Endpoint.Family.values()) {
                long observations = e.plan(f).steps().stream().filter(s -> s instanceof Step.ObserveState).count();
                assertEquals(((Expectation.CloseOrder) e.expected()).states().size(), observations, e.name() + " " + f);
            }
        }
    }

    @Test
    void finAckReorderPlanReadsLikeAScript() {
        List<String> lines = BuiltinExperiments.FIN_ACK_REORDER.plan(Endpoint.Family.IPV6).render().lines().toList();
        assertEquals(List.of(
                "// fin-ack-reorder: kernel [::1]:8080, harness [::1]:40000",
                "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
                "bind(3, [::1]:8080) = 0",
                "listen(3, 16) = 0",
                "< S 0:0(0) win 65535 <mss 1460>",
                "> S. 0:0(0) ack 1 <...>   // SYN/ACK",
                "// sock_diag: observe",
                "< . 1:1(0) ack 1 win 65535",
                "// sock_diag: observe",
                "accept(3, ..., ...) = 4",
                "close(4) = 0",
                "> F. 1:1(0) ack 1 <...>   // FIN",
                "// sock_diag: observe",
                "< F. 1:1(0) ack 2 win 65535",
                "> . 2:2(0) ack 2 <...>   // ACK of the FIN",
                "// sock_diag: observe",
                "< . 1:1(0) ack 2 win 65535",
                "> . 2:2(0) ack 2 <...>   // duplicate ACK",
                "// sock_diag: observe",
                "< S 2147483648:2147483648(0) win 65535 <mss 1460>",
                "> S. 65539:65539(0) ack 2147483649 <...>   // SYN/ACK from TIME_WAIT",
                "// sock_diag: observe"), lines);
    }

    @Test
    void lookupByName() {
        assertEquals(BuiltinExperiments.RST_ACK_LOST, BuiltinExperiments.named("rst-ack-lost").orElseThrow());
        assertTrue(BuiltinExperiments.named("nope").isEmpty());
    }
}

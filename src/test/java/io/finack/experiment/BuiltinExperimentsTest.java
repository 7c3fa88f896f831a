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

    @Test
    void synRetryPlanReadsLikeAScript() {
        List<String> lines = BuiltinExperiments.SYN_RETRY.plan(Endpoint.Family.IPV4).render().lines().toList();
        assertEquals(List.of(
                "// syn-retry: kernel 127.0.0.1:40000, harness 127.0.0.1:8080",
                "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
                "bind(3, 127.0.0.1:40000) = 0",
                "fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0",
                "connect(3, 127.0.0.1:8080) = -1 EINPROGRESS",
                "> S 0:0(0) <...>   // SYN",
                "< . 5:5(0) ack -19502346 win 65535",
                "> R -19502346:-19502346(0) <...>   // RST",
                "> S 0:0(0) <...>   // SYN retry",
                "< S. 1000000:1000000(0) ack 1 win 65535 <mss 1460>",
                "> . 1:1(0) ack 1000001 <...>   // handshake ACK",
                "getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0",
                "// sock_diag: ESTABLISHED"), lines);
    }

    @Test
    void lookupByName() {
        assertEquals(BuiltinExperiments.FINWAIT2_STALE_ACK, BuiltinExperiments.named("finwait2-stale-ack").orElseThrow());
        assertTrue(BuiltinExperiments.named("nope").isEmpty());
    }
}

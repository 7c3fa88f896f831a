package io.finack.experiment;

import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class PlanTest {
    @Test
    void shiftingMovesBothEndpointsAndTheCallsThatNameThem() {
        Plan plan = io.finack.script.BuiltinScripts.named("syn-retry").orElseThrow().plan(Endpoint.Family.IPV6);
        Plan moved = plan.shifted(7);
        assertEquals(Endpoint.of("::1", 40007), moved.kernel());
        assertEquals(Endpoint.of("::1", 8087), moved.harness());
        List<String> before = plan.render().lines().toList();
        List<String> after = moved.render().lines().toList();
        assertEquals("// syn-retry: kernel [::1]:40007, harness [::1]:8087", after.get(0));
        assertEquals("bind(3, [::1]:40007) = 0", after.get(3));
        assertEquals("connect(3, [::1]:8087) = -1 EINPROGRESS", after.get(5));
        // Everything else, segments and expectations included, stays as it was.
        for (int i = 1; i < before.size(); i++) {
            if (i != 3 && i != 5) {
                assertEquals(before.get(i), after.get(i));
            }
        }
    }

    @Test
    void shiftingAListenerMovesItsBind() {
        Plan moved = io.finack.script.BuiltinScripts.named("finwait2-stale-ack").orElseThrow().plan(Endpoint.Family.IPV4).shifted(999);
        assertEquals(Endpoint.of("127.0.0.1", 9079), moved.kernel());
        assertEquals(Endpoint.of("127.0.0.1", 40999), moved.harness());
        assertEquals("bind(3, 127.0.0.1:9079) = 0", moved.render().lines().toList().get(3));
    }

    @Test
    void noShiftIsThePlanItself() {
        Plan plan = io.finack.script.BuiltinScripts.named("syn-retry").orElseThrow().plan(Endpoint.Family.IPV4);
        assertSame(plan, plan.shifted(0));
    }
}

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
        List<String> before = lines(plan);
        List<String> after = lines(moved);
        assertEquals("bind(3, [::1]:40007) = 0", after.get(2));
        assertEquals("connect(3, [::1]:8087) = -1 EINPROGRESS", after.get(4));
        // Everything else, segments and expectations included, stays as it was.
        for (int i = 0; i < before.size(); i++) {
            if (i != 2 && i != 4) {
                assertEquals(before.get(i), after.get(i));
            }
        }
    }

    @Test
    void shiftingAListenerMovesItsBind() {
        Plan moved = io.finack.script.BuiltinScripts.named("finwait2-stale-ack").orElseThrow().plan(Endpoint.Family.IPV4).shifted(999);
        assertEquals(Endpoint.of("127.0.0.1", 9079), moved.kernel());
        assertEquals(Endpoint.of("127.0.0.1", 40999), moved.harness());
        assertEquals("bind(3, 127.0.0.1:9079) = 0", lines(moved).get(2));
    }

    /** The plan's steps as packetdrill-like lines. */
    private static List<String> lines(Plan plan) {
        return plan.steps().stream().map(Object::toString).toList();
    }

    @Test
    void noShiftIsThePlanItself() {
        Plan plan = io.finack.script.BuiltinScripts.named("syn-retry").orElseThrow().plan(Endpoint.Family.IPV4);
        assertSame(plan, plan.shifted(0));
    }
}

package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.wire.FrameCodec;
import io.finack.wire.TcpFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlowRouterTest {
    private static final Endpoint KERNEL = Endpoint.of("127.0.0.1", 40001);
    private static final Endpoint HARNESS = Endpoint.of("127.0.0.1", 8081);

    private static byte[] frame(Endpoint from, Endpoint to) {
        return FrameCodec.encode(new TcpFrame(from, to, Segment.builder().flags(Flags.SYN_ONLY).build()));
    }

    @Test
    void eachPlanGetsBothDirectionsOfItsOwnConnectionOnly() {
        FlowRouter router = new FlowRouter();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        Endpoint otherKernel = Endpoint.of("127.0.0.1", 40002);
        Endpoint otherHarness = Endpoint.of("127.0.0.1", 8082);
        router.attach(KERNEL, HARNESS, (t, raw) -> first.add(t + ""), 0);
        router.attach(otherKernel, otherHarness, (t, raw) -> second.add(t + ""), 0);

        router.frame(1, frame(KERNEL, HARNESS));
        router.frame(2, frame(HARNESS, KERNEL));
        router.frame(3, frame(otherKernel, otherHarness));
        router.frame(4, frame(KERNEL, otherHarness));       // the right port on one side only
        router.frame(5, frame(Endpoint.of("127.0.0.2", 40001), HARNESS));
        router.frame(6, frame(Endpoint.of("::1", 40001), Endpoint.of("::1", 8081)));
        router.frame(7, new byte[20]);

        assertEquals(List.of("1", "2"), first);
        assertEquals(List.of("3"), second);
    }

    @Test
    void framesCapturedBeforeAPlanWasAttachedAreNotItsOwn() {
        FlowRouter router = new FlowRouter();
        List<Long> seen = new ArrayList<>();
        router.attach(KERNEL, HARNESS, (t, raw) -> seen.add(t), 100);
        router.frame(99, frame(KERNEL, HARNESS));   // an earlier run's reset, captured late
        router.frame(100, frame(KERNEL, HARNESS));
        assertEquals(List.of(100L), seen);
    }

    @Test
    void nothingArrivesAfterDetachAndThePortIsFreeAgain() {
        FlowRouter router = new FlowRouter();
        List<Long> seen = new ArrayList<>();
        router.attach(KERNEL, HARNESS, (t, raw) -> seen.add(t), 0);
        router.detach(HARNESS);
        router.frame(1, frame(KERNEL, HARNESS));
        assertEquals(List.of(), seen);
        router.attach(KERNEL, HARNESS, (t, raw) -> seen.add(t), 0);
        router.frame(2, frame(KERNEL, HARNESS));
        assertEquals(List.of(2L), seen);
    }

    @Test
    void twoPlansCannotShareAHarnessPort() {
        FlowRouter router = new FlowRouter();
        router.attach(KERNEL, HARNESS, (t, raw) -> { }, 0);
        assertThrows(IllegalStateException.class, () -> router.attach(Endpoint.of("127.0.0.1", 40009), HARNESS, (t, raw) -> { }, 0));
    }
}

package io.finack.experiment;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceEventTest {
    @Test
    void readsPidTimeNameAndFields() {
        TraceEvent e = TraceEvent.parse("  lane-syn-retry--4242    [001] ..s1. 71234.000567: kfree_skb: skbaddr=00000000c0ffee "
                + "rx_sk=0000000000000000 protocol=2048 location=tcp_v4_rcv+0x8b2/0x1120 reason: TCP_CSUM").orElseThrow();
        assertEquals(4242, e.pid());
        assertEquals("lane-syn-retry-", e.comm());
        assertEquals(71_234_000_567_000L, e.clockNanos());
        assertEquals("kfree_skb", e.event());
        assertEquals(Optional.of("2048"), e.field("protocol"));
        assertEquals(Optional.of("TCP_CSUM"), e.field("reason"));
        assertEquals("tcp_v4_rcv", e.function("location"));
        assertEquals(Optional.of("00000000c0ffee"), e.field("skbaddr"));
    }

    @Test
    void readsACommWithSpacesAndTheTgidColumn() {
        TraceEvent e = TraceEvent.parse("  <idle> x-0       (-------) [000] d.s2. 5.1: tcp_send_reset: skbaddr=1 skaddr=2 "
                + "src=127.0.0.1:8080 dest=127.0.0.1:40000 state=TCP_TIME_WAIT reason=TCP_TIMEWAIT_SOCKET").orElseThrow();
        assertEquals(0, e.pid());
        assertEquals(5_100_000_000L, e.clockNanos());
        assertEquals(Optional.of("127.0.0.1:40000"), e.field("dest"));
        assertEquals(Optional.of("TCP_TIMEWAIT_SOCKET"), e.field("reason"));
    }

    @Test
    void otherLinesAreNoEvents() {
        assertTrue(TraceEvent.parse("CPU:1 [LOST 12 EVENTS]").isEmpty());
        assertTrue(TraceEvent.parse("").isEmpty());
    }
}

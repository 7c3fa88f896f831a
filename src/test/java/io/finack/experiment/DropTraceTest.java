package io.finack.experiment;

import io.finack.kernel.KernelAccount;
import io.finack.tcp.Endpoint;
import io.finack.testing.TraceBuilder;
import io.finack.wire.CapturedFrame;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DropTraceTest {
    private static final Endpoint KERNEL = Endpoint.of("127.0.0.1", 40000);
    private static final Endpoint HARNESS = Endpoint.of("127.0.0.1", 8080);

    private static TraceEvent drop(long nanos, String reason) {
        return drop("lane-x", nanos, reason);
    }

    private static TraceEvent drop(String comm, long nanos, String reason) {
        return new TraceEvent(7, comm, nanos, "kfree_skb", "skbaddr=1 rx_sk=0 protocol=2048 location=tcp_v4_rcv+0x10/0x20 reason: " + reason);
    }

    @Test
    void aDropGoesToTheLatestInjectedFrameBeforeItOnceAndNotLaterThanTheReceiveWindow() {
        TraceBuilder t = new TraceBuilder();
        CapturedFrame syn = t.after(0, HARNESS, KERNEL, TraceBuilder.syn(0));
        t.after(40, KERNEL, HARNESS, TraceBuilder.rstAck(0, 1));
        CapturedFrame ack = t.after(1000, HARNESS, KERNEL, TraceBuilder.ack(1, 1));
        List<CapturedFrame> injected = List.of(syn, ack);

        List<KernelAccount.Drop> drops = DropTrace.attribute(List.of(
                drop(syn.epochNanos() + 20_000, "NO_SOCKET"),
                // A second free within the same frame's window is not that frame's: it was freed once.
                drop(syn.epochNanos() + 30_000, "NOT_SPECIFIED"),
                drop(ack.epochNanos() + 25_000_000, "TCP_CSUM")), injected, Map.of());

        assertEquals(List.of(new KernelAccount.Drop(1, "NO_SOCKET", "tcp_v4_rcv")), drops);
    }

    @Test
    void aDropInKsoftirqdTakesOnlyAFrameTheRunsThreadsLeftAndOnlySoon() {
        TraceBuilder t = new TraceBuilder();
        CapturedFrame syn = t.after(0, HARNESS, KERNEL, TraceBuilder.syn(0));
        CapturedFrame ack = t.after(1000, HARNESS, KERNEL, TraceBuilder.ack(1, 1));
        CapturedFrame rst = t.after(1000, HARNESS, KERNEL, TraceBuilder.rst(1));
        List<KernelAccount.Drop> drops = DropTrace.attribute(List.of(
                drop("ksoftirqd/1", syn.epochNanos() + 10_000, "NO_SOCKET"),
                drop("ksoftirqd/1", ack.epochNanos() + 10_000, "TCP_CSUM"),
                drop(ack.epochNanos() + 20_000, "NOT_SPECIFIED"),
                drop("ksoftirqd/0", rst.epochNanos() + 6_000_000, "TCP_RESET")), List.of(syn, ack, rst), Map.of());
        assertEquals(List.of(new KernelAccount.Drop(1, "NO_SOCKET", "tcp_v4_rcv"),
                new KernelAccount.Drop(2, "NOT_SPECIFIED", "tcp_v4_rcv")), drops,
                "the ACK's drop is the lane's; the RST's came too late for a deferred receive");
    }

    @Test
    void aDropGoesToAFrameItsOwnThreadInjectedThoughAReplyWentOutBeforeTheFree() {
        // The lane's SYN makes the kernel answer; the capture thread's reply to that answer is
        // captured before the lane's SYN is freed.
        TraceBuilder t = new TraceBuilder();
        CapturedFrame syn = t.after(0, HARNESS, KERNEL, TraceBuilder.syn(0));
        t.after(30, KERNEL, HARNESS, TraceBuilder.ack(1, 1));
        CapturedFrame rst = t.after(1, HARNESS, KERNEL, TraceBuilder.rst(1));
        TraceEvent synFreed = new TraceEvent(7, "lane", syn.epochNanos() + 33_000, "kfree_skb",
                "protocol=2048 location=tcp_v4_rcv+0x1/0x2 reason: NOT_SPECIFIED");
        TraceEvent rstFreed = new TraceEvent(8, "capture", rst.epochNanos() + 10_000, "kfree_skb",
                "protocol=2048 location=tcp_v4_rcv+0x1/0x2 reason: NO_SOCKET");
        assertEquals(List.of(new KernelAccount.Drop(1, "NOT_SPECIFIED", "tcp_v4_rcv"), new KernelAccount.Drop(3, "NO_SOCKET", "tcp_v4_rcv")),
                DropTrace.attribute(List.of(synFreed, rstFreed), List.of(syn, rst), Map.of(7, Set.of(1L), 8, Set.of(3L))));
    }

    @Test
    void anRstNoSocketSentHasStateNone() {
        assertEquals("NONE", DropTrace.state("UNKNOWN"));
        assertEquals("TIME_WAIT", DropTrace.state("TCP_TIME_WAIT"));
        assertEquals("RST from no socket, reason NO_SOCKET", new KernelAccount.Reset(2, "NONE", "NO_SOCKET").words());
    }

    @Test
    void aDropStampedJustBeforeItsFrameStillGoesToIt() {
        TraceBuilder t = new TraceBuilder();
        CapturedFrame syn = t.after(0, HARNESS, KERNEL, TraceBuilder.syn(0));
        assertEquals(List.of(new KernelAccount.Drop(1, "TCP_CSUM", "tcp_v4_rcv")),
                DropTrace.attribute(List.of(drop(syn.epochNanos() - 500, "TCP_CSUM")), List.of(syn), Map.of()));
    }
}

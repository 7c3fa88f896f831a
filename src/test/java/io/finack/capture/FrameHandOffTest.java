package io.finack.capture;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameHandOffTest {
    /** Frames numbered 1..n, each with its own fields, through one reused view as the reader hands them. */
    private static void feed(FrameSink sink, int n) {
        TcpView view = new TcpView();
        TcpView source = new TcpView();
        for (int i = 1; i <= n; i++) {
            source.record(i, 1_000L * i, 60 + i % 7, 60 + i % 7);
            view.copyOf(source);
            sink.tcp(view);
        }
    }

    @Test
    void everyFrameReachesTheSinkInOrderOnTheSinksOwnThreadAcrossBatches() {
        int n = FrameHandOff.BATCH * 5 + 17;
        List<Long> numbers = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        Thread[] sinkThread = new Thread[1];
        try (FrameHandOff handOff = new FrameHandOff(f -> {
            sinkThread[0] = Thread.currentThread();
            numbers.add(f.number());
            times.add(f.epochNanos());
        }, "test-hand-off")) {
            feed(handOff, n);
            handOff.finish();
        }
        assertEquals(n, numbers.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, numbers.get(i));
            assertEquals(1_000L * (i + 1), times.get(i));
        }
        assertNotEquals(Thread.currentThread(), sinkThread[0]);
    }

    @Test
    void whatTheSinkThrowsFinishThrowsAndTheReaderNeverBlocks() {
        try (FrameHandOff handOff = new FrameHandOff(f -> {
            if (f.number() == 3) {
                throw new IllegalStateException("frame 3");
            }
        }, "test-hand-off")) {
            feed(handOff, FrameHandOff.BATCH * 10);
            IllegalStateException e = assertThrows(IllegalStateException.class, handOff::finish);
            assertEquals("frame 3", e.getMessage());
        }
    }

    @Test
    void beforeTheReaderWaitsTheFramesSoFarReachTheSink() throws Exception {
        java.util.concurrent.CountDownLatch three = new java.util.concurrent.CountDownLatch(3);
        try (FrameHandOff handOff = new FrameHandOff(f -> three.countDown(), "test-hand-off")) {
            feed(handOff, 3);
            handOff.beforeWait();
            // A batch holds 2048 frames: without beforeWait these three would wait for finish().
            org.junit.jupiter.api.Assertions.assertTrue(three.await(30, java.util.concurrent.TimeUnit.SECONDS));
            handOff.finish();
        }
    }
}

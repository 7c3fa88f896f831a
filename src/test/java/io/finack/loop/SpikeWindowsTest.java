package io.finack.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The windowing of the capture around flagged connections, frame by frame, without a capture. */
class SpikeWindowsTest {
    /** 8 frames before, up to 8 after, 2 of tail, 3 windows. */
    private static final WindowBounds SMALL = new WindowBounds(8, 1 << 20, 8, 1 << 20, 2, 3);

    private long clock;

    /** One frame of {@code size} bytes, stamped 1 us after the last; its first byte tells frames apart. */
    private long feed(SpikeWindows windows, int id, int size) {
        clock += 1000;
        byte[] raw = new byte[size];
        raw[0] = (byte) id;
        windows.frame(clock, raw);
        return clock;
    }

    /** Frames {@code from} to {@code to}, of 60 bytes. */
    private void feedAll(SpikeWindows windows, int from, int to) {
        for (int i = from; i <= to; i++) {
            feed(windows, i, 60);
        }
    }

    private static List<Integer> ids(SpikeWindow w) {
        return w.frames().stream().map(f -> (int) f.raw()[0]).toList();
    }

    @Test
    void noFlagKeepsNoWindowHoweverLongTheCapture() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        for (int i = 0; i < 10_000; i++) {
            feed(windows, i, 60);
        }
        windows.finish();
        assertEquals(List.of(), windows.windows());
        assertEquals(10_000, windows.frames());
    }

    @Test
    void windowHoldsTheRingThenTheConnectionUntilItEndedThenTheTail() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        feedAll(windows, 1, 20);
        windows.flag(7, clock);
        feed(windows, 21, 60);
        feed(windows, 22, 60);
        windows.ended(7, clock);
        feed(windows, 23, 60);
        feed(windows, 24, 60);
        feed(windows, 25, 60);  // past the tail: closes the window without it
        SpikeWindow w = windows.windows().get(0);
        assertEquals(7, w.connection());
        assertEquals(List.of(13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24), ids(w));
        assertEquals(8, w.framesBefore());
        assertFalse(w.truncated());
    }

    @Test
    void aWindowFlaggedBeforeTheCaptureCaughtUpStartsAtItsConnectionsFirstFrame() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        feedAll(windows, 1, 20);
        long startedAt = clock + 20 * 1000 + 1;  // the capture lags: frames 21 to 40 are older
        windows.flag(7, startedAt);
        feedAll(windows, 21, 50);
        windows.ended(7, clock);
        windows.finish();
        SpikeWindow w = windows.windows().get(0);
        assertEquals(List.of(33, 34, 35, 36, 37, 38, 39, 40), ids(w).subList(0, 8), "the 8 frames before its first, 41");
        assertEquals(41, ids(w).get(8));
        assertEquals(8, w.framesBefore());
    }

    @Test
    void aWindowWhoseConnectionNeverShowedUpIsNotKept() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        feed(windows, 1, 60);
        windows.flag(1, clock + 1_000_000);
        feed(windows, 2, 60);
        windows.finish();
        assertEquals(List.of(), windows.windows());
    }

    @Test
    void aConnectionThatOutlastsTheBoundIsCutAndSaysSo() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        feed(windows, 1, 60);
        windows.flag(1, clock);
        feedAll(windows, 2, 100);
        windows.ended(1, clock);
        windows.finish();
        SpikeWindow w = windows.windows().get(0);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), ids(w), "1 before, 8 after");
        assertTrue(w.truncated());
    }

    @Test
    void theRingIsBoundedByBytesAsWellAsFrames() {
        SpikeWindows windows = new SpikeWindows(new WindowBounds(100, 250, 100, 250, 0, 1));
        for (int i = 1; i <= 10; i++) {
            feed(windows, i, 100);
        }
        windows.flag(1, clock);
        for (int i = 11; i <= 20; i++) {
            feed(windows, i, 100);
        }
        windows.finish();
        SpikeWindow w = windows.windows().get(0);
        assertEquals(List.of(9, 10, 11, 12), ids(w), "two frames of 100 bytes fit in 250 on each side");
        assertTrue(w.bytes() <= 500);
    }

    @Test
    void windowsOfConsecutiveConnectionsOverlapSoThatEachGetsItsLateFrames() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        feed(windows, 1, 60);
        windows.flag(1, clock);
        feed(windows, 2, 60);
        windows.ended(1, clock);
        windows.flag(2, clock);  // the capture has not handed over connection 1's last frames yet
        feed(windows, 3, 60);
        feed(windows, 4, 60);
        feed(windows, 5, 60);  // past window 1's tail of 2
        windows.ended(2, clock);
        windows.finish();
        List<SpikeWindow> kept = windows.windows();
        assertEquals(List.of(1, 2, 3, 4), ids(kept.get(0)));
        assertEquals(List.of(1, 2, 3, 4, 5), ids(kept.get(1)));
        assertEquals(2, kept.get(1).framesBefore());
    }

    @Test
    void flaggingTheOpenWindowsConnectionAgainChangesNothing() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        feed(windows, 1, 60);
        windows.flag(1, clock);
        feed(windows, 2, 60);
        windows.flag(1, clock);  // slow, then failed
        feed(windows, 3, 60);
        windows.finish();
        assertEquals(1, windows.windows().size());
        assertEquals(List.of(1, 2, 3), ids(windows.windows().get(0)));
    }

    @Test
    void aPathWindowTakesTheRingUpToTheFrameJustHandedOverAndTheTail() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        feedAll(windows, 1, 20);
        windows.flagPath(3);  // on frame 20, the SYN retry
        feedAll(windows, 21, 30);
        windows.finish();
        SpikeWindow w = windows.windows().get(0);
        assertTrue(w.path());
        assertEquals(3, w.connection());
        assertEquals(List.of(13, 14, 15, 16, 17, 18, 19, 20, 21, 22), ids(w), "8 up to it, a tail of 2");
    }

    @Test
    void pathWindowsAndFlaggedOnesShareTheBound() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        feed(windows, 1, 60);
        windows.flag(1, clock);
        windows.flagPath(1);
        windows.flag(2, clock);
        windows.flagPath(2);
        windows.finish();
        assertEquals(3, windows.windows().size());
        assertEquals(1, windows.notKept());
    }

    @Test
    void pastTheMaximumFlaggedConnectionsAreCountedWithoutAWindow() {
        SpikeWindows windows = new SpikeWindows(SMALL);
        for (int c = 1; c <= 5; c++) {
            feed(windows, c, 60);
            windows.flag(c, clock);
            feed(windows, c, 60);
            windows.ended(c, clock);
        }
        windows.finish();
        assertEquals(List.of(1L, 2L, 3L), windows.windows().stream().map(SpikeWindow::connection).toList());
        assertEquals(2, windows.notKept());
    }

    @Test
    void noWindowsAtAllWhenNoneMayBeKept() {
        SpikeWindows windows = new SpikeWindows(SMALL.withMaxWindows(0));
        feed(windows, 1, 60);
        windows.flag(1, clock);
        windows.finish();
        assertEquals(List.of(), windows.windows());
        assertEquals(1, windows.notKept());
    }

    @Test
    void awaitCapturedReturnsOnceAFrameStampedThatLateArrives() throws Exception {
        SpikeWindows windows = new SpikeWindows(SMALL);
        long due = feed(windows, 1, 60) + 5000;
        assertFalse(windows.awaitCaptured(due, Duration.ofMillis(20)), "nothing that late yet");
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return windows.awaitCaptured(due, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        windows.frame(due, new byte[60]);
        assertTrue(waiter.get());
        assertTrue(windows.awaitCaptured(due - 1, Duration.ZERO), "already there");
    }

    @Test
    void theDefaultBoundIsAFewHundredFramesAndAtMostSeventyKilobytesOfPcapAWindow() {
        WindowBounds b = WindowBounds.DEFAULT;
        assertEquals(24 + 512 * 16 + 64 * 1024, b.maxPcapBytesPerWindow());
        assertEquals(100 * b.maxPcapBytesPerWindow(), b.maxPcapBytes());
    }

    @Test
    void aListenerGetsEachWindowAsItCompletesAndTheBoundCountsOnlyOpenOnes() {
        List<SpikeWindow> completed = new java.util.ArrayList<>();
        SpikeWindows windows = new SpikeWindows(SMALL, completed::add);
        for (int round = 0; round < 5; round++) {
            feedAll(windows, 20 * round + 1, 20 * round + 8);
            assertTrue(windows.flagPath(round), "one window open at a time stays within the bound of 3");
            feedAll(windows, 20 * round + 9, 20 * round + 10);
            assertEquals(round, completed.size(), "its tail of 2 frames taken, the window waits for the next");
            feed(windows, 20 * round + 11, 60);
            assertEquals(round + 1, completed.size(), "the frame past the tail completes it");
        }
        assertEquals(List.of(), windows.windows(), "none kept");
        SpikeWindow last = completed.get(4);
        assertEquals(4, last.connection());
        assertEquals(List.of(81, 82, 83, 84, 85, 86, 87, 88, 89, 90), ids(last));
        assertEquals(0, windows.notKept());
    }

    @Test
    void aWindowWhoseTailNeverComesEndsOnceItsConnectionEndedBeforeTheGivenTime() {
        List<SpikeWindow> completed = new java.util.ArrayList<>();
        SpikeWindows windows = new SpikeWindows(SMALL, completed::add);
        feedAll(windows, 1, 4);
        long decided = clock;
        windows.flagPath(1);
        windows.finishEndedBefore(decided);
        assertEquals(List.of(), completed, "not before its end");
        windows.finishEndedBefore(decided + 1);
        assertEquals(1, completed.size());
        assertEquals(List.of(1, 2, 3, 4), ids(completed.get(0)));
        assertTrue(windows.flagPath(2) && windows.flagPath(3) && windows.flagPath(4));
        assertFalse(windows.flagPath(5), "3 open at once at most");
        assertEquals(1, windows.notKept());
    }
}

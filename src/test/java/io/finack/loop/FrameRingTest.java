package io.finack.loop;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameRingTest {
    private static RawFrame frame(long t, int size) {
        return new RawFrame(t, new byte[size]);
    }

    @Test
    void keepsTheNewestFramesWithinBothBounds() {
        FrameRing ring = new FrameRing(3, 1000);
        for (int t = 1; t <= 5; t++) {
            ring.add(frame(t, 10));
        }
        assertEquals(List.of(3L, 4L, 5L), ring.snapshot().stream().map(RawFrame::epochNanos).toList());
        ring.add(frame(6, 991));
        assertEquals(List.of(6L), ring.snapshot().stream().map(RawFrame::epochNanos).toList(), "991 + 10 > 1000");
        assertEquals(991, ring.bytes());
    }

    @Test
    void aFrameLargerThanTheWholeRingIsNotKeptAndEvictsNothing() {
        FrameRing ring = new FrameRing(3, 100);
        ring.add(frame(1, 50));
        ring.add(frame(2, 101));
        assertEquals(1, ring.size());
        assertEquals(50, ring.bytes());
    }

    @Test
    void anEmptyRingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FrameRing(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new FrameRing(1, 0));
    }
}

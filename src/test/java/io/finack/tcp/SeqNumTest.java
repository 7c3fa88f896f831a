package io.finack.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeqNumTest {
    private static final long TOP = 0xffffffffL;

    @Test
    void addWrapsAround() {
        assertEquals(4, SeqNum.add(TOP, 5));
        assertEquals(TOP, SeqNum.add(0, -1));
    }

    @Test
    void diffIsSignedAcrossTheWrap() {
        assertEquals(5, SeqNum.diff(4, TOP));
        assertEquals(-5, SeqNum.diff(TOP, 4));
        assertEquals(-19502346, SeqNum.diff(2541101298L, 2560603644L));
    }

    @Test
    void orderFollowsSequenceSpace() {
        assertTrue(SeqNum.before(TOP, 3));
        assertTrue(SeqNum.after(3, TOP));
        assertFalse(SeqNum.before(7, 7));
        assertTrue(SeqNum.between(2, TOP - 1, 5));
        assertFalse(SeqNum.between(6, TOP - 1, 5));
    }

    @Test
    void checkRefusesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> SeqNum.check(1L << 32, "seq"));
        assertThrows(IllegalArgumentException.class, () -> SeqNum.check(-1, "seq"));
    }
}

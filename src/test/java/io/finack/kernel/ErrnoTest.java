package io.finack.kernel;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrnoTest {
    @Test
    void mapsNumbersToNamesAndBack() {
        assertEquals(Optional.of(Errno.ECONNREFUSED), Errno.ofNumber(111));
        assertEquals(Optional.of(Errno.EAGAIN), Errno.ofNumber(11));
        assertEquals(115, Errno.named("EINPROGRESS").orElseThrow().number());
        assertEquals(110, Errno.named("ETIMEDOUT").orElseThrow().number());
        assertEquals(1, Errno.named("EPERM").orElseThrow().number());
    }

    @Test
    void unknownNumbersAndNamesAreEmpty() {
        assertEquals(Optional.empty(), Errno.ofNumber(0));
        assertEquals(Optional.empty(), Errno.ofNumber(-111));
        assertEquals(Optional.empty(), Errno.named("EWOULDBLOCK"));
        assertEquals(Optional.empty(), Errno.named("econnrefused"));
    }

    @Test
    void numbersAreDistinct() {
        Set<Integer> seen = new HashSet<>();
        for (Errno e : Errno.values()) {
            assertTrue(seen.add(e.number()), e + " repeats number " + e.number());
            assertEquals(Optional.of(e), Errno.ofNumber(e.number()));
        }
    }
}

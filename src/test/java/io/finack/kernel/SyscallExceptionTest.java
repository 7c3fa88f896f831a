package io.finack.kernel;

import com.sun.jna.LastErrorException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SyscallExceptionTest {
    @Test
    void messageIsOneLineWithCallTextAndNumber() {
        SyscallException e = SyscallException.of("connect", 111);
        assertEquals("connect: Connection refused (errno 111)", e.getMessage());
        assertEquals("connect", e.call());
        assertEquals(111, e.errno());
        assertEquals("ECONNREFUSED", e.errnoName());
    }

    @Test
    void wrapsJnaErrorWithItsNumber() {
        LastErrorException cause = new LastErrorException(98);
        SyscallException e = SyscallException.of("bind", cause);
        assertEquals("bind: Address already in use (errno 98)", e.getMessage());
        assertEquals("EADDRINUSE", e.errnoName());
        assertSame(cause, e.getCause());
    }

    @Test
    void deadlineCarriesEtimedoutAndSaysItWasADeadline() {
        SyscallException e = SyscallException.timedOut("accept", Duration.ofMillis(250));
        assertEquals("accept: no result within 250 ms (ETIMEDOUT)", e.getMessage());
        assertEquals("ETIMEDOUT", e.errnoName());
        assertEquals(110, e.errno());
    }

    @Test
    void errnoOutsideTheTableIsNamedByNumber() {
        assertEquals("errno 133", SyscallException.of("recv", 133).errnoName());
    }
}

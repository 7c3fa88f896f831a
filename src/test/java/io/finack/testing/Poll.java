package io.finack.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for a condition that another process brings about, by looking again until it holds or
 * a deadline passes: for events a test cannot be told about (a namespace appearing, a socket
 * entering a state), never in place of a signal it could wait on.
 */
public final class Poll {
    /** Between looks: a look often runs a command, and the machine has two cores to share. */
    private static final long PAUSE_MILLIS = 10;

    private Poll() {
    }

    /**
     * Looks until {@code look} gives a value or {@code within} has passed (then the test fails,
     * saying what it waited for); {@code abandon}, checked before each look, fails it at once
     * with its message, for a wait that can no longer succeed (the process watched has ended).
     */
    public static <T> T until(String what, Duration within, Callable<Optional<T>> look,
                              Callable<Optional<String>> abandon) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<String> hopeless = abandon.call();
            if (hopeless.isPresent()) {
                fail("stopped waiting for " + what + ": " + hopeless.get());
            }
            Optional<T> value = look.call();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + within.toMillis() + " ms");
            }
            Thread.sleep(PAUSE_MILLIS);
        }
    }
}

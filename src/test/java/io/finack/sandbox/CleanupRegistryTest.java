package io.finack.sandbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CleanupRegistryTest {
    private final CleanupRegistry registry = new CleanupRegistry();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsNewestFirst() throws SandboxException {
        registry.register("a", () -> ran.add("a"));
        registry.register("b", () -> ran.add("b"));
        registry.register("c", () -> ran.add("c"));
        registry.runAll();
        assertEquals(List.of("c", "b", "a"), ran);
    }

    @Test
    void aClosedRegistrationDoesNotRun() throws SandboxException {
        registry.register("a", () -> ran.add("a"));
        CleanupRegistry.Registration b = registry.register("b", () -> ran.add("b"));
        b.close();
        b.close();
        registry.runAll();
        assertEquals(List.of("a"), ran);
    }

    @Test
    void theSameUndoRegisteredTwiceIsUnregisteredOnce() throws SandboxException {
        CleanupRegistry.Undo undo = () -> ran.add("x");
        registry.register("x", undo);
        registry.register("x", undo).close();
        registry.runAll();
        assertEquals(List.of("x"), ran);
    }

    @Test
    void runsEachUndoOnceAndRefusesLaterRegistrations() throws SandboxException {
        registry.register("a", () -> ran.add("a"));
        registry.runAll();
        registry.runAll();
        assertEquals(List.of("a"), ran);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.register("b", () -> { }));
        assertEquals("cannot register b: cleanup has already run", e.getMessage());
    }

    @Test
    void aFailureDoesNotStopTheOthersAndIsReportedFirstWithTheRestSuppressed() {
        SandboxException own = new SandboxException("cannot set sysctl x to 0: Invalid argument");
        registry.register("a", () -> ran.add("a"));
        registry.register("b", () -> {
            throw new IllegalStateException("boom");
        });
        registry.register("c", () -> {
            throw own;
        });
        registry.register("d", () -> {
            throw new StackOverflowError();
        });
        SandboxException e = assertThrows(SandboxException.class, registry::runAll);
        assertEquals(List.of("a"), ran);
        assertEquals("cannot undo d: java.lang.StackOverflowError", e.getMessage());
        assertEquals(2, e.getSuppressed().length);
        assertSame(own, e.getSuppressed()[0]);
        assertEquals("cannot undo b: java.lang.IllegalStateException: boom", e.getSuppressed()[1].getMessage());
    }

    @Test
    void anEmptyRegistryRunsQuietly() {
        assertDoesNotThrow(registry::runAll);
    }
}

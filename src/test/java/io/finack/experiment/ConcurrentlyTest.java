package io.finack.experiment;

import io.finack.sandbox.SandboxException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConcurrentlyTest {
    @Test
    void theFirstFailureIsThrownAsItIsAndStopsTheOthers() {
        SandboxException first = new SandboxException("first");
        CompletableFuture<Void> ok = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(first);
        CompletableFuture<Void> later = CompletableFuture.failedFuture(new IOException("later"));
        AtomicInteger stops = new AtomicInteger();
        SandboxException thrown = assertThrows(SandboxException.class,
                () -> Concurrently.awaitAll(List.of(ok, failed, later), stops::incrementAndGet));
        assertSame(first, thrown);
        assertEquals(2, stops.get(), "told at each failure");
    }

    @Test
    void nothingHappensWhenAllSucceed() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        Concurrently.awaitAll(List.of(CompletableFuture.completedFuture(1)), stops::incrementAndGet);
        assertEquals(0, stops.get());
    }

    @Test
    void anUncheckedFailureStaysUnchecked() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class,
                () -> Concurrently.awaitAll(List.of(CompletableFuture.failedFuture(bug)), () -> { })));
    }
}

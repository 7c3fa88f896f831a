package io.finack.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runs in the caller's namespace, but the change is only a counter: no root needed, nothing touched. */
class NamespaceChangeTest {
    private final NetNamespace namespace = NetNamespace.current("change-test");
    private final AtomicInteger undos = new AtomicInteger();
    private final NamespaceChange change = new NamespaceChange(namespace, "counter", undos::incrementAndGet);

    NamespaceChangeTest() throws SandboxException {
    }

    @AfterEach
    void closeNamespace() {
        namespace.close();
    }

    @Test
    void concurrentClosesUndoOnce() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] closers = new Thread[8];
        for (int i = 0; i < closers.length; i++) {
            closers[i] = new Thread(() -> {
                try {
                    start.await();
                    change.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            closers[i].start();
        }
        start.countDown();
        for (Thread closer : closers) {
            closer.join();
        }
        assertEquals(1, undos.get());
    }

    @Test
    void anUndoWaitsForTheStepInProgress() throws Exception {
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch finishStep = new CountDownLatch(1);
        AtomicInteger undosSeenByStep = new AtomicInteger(-1);
        Thread stepper = new Thread(() -> {
            try {
                change.apply(() -> {
                    inStep.countDown();
                    finishStep.await();
                    undosSeenByStep.set(undos.get());
                    return null;
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        stepper.start();
        inStep.await();
        Thread closer = new Thread(() -> {
            try {
                change.close();
            } catch (SandboxException e) {
                throw new AssertionError(e);
            }
        });
        closer.start();
        while (closer.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait();
        }
        finishStep.countDown();
        stepper.join();
        closer.join();
        assertEquals(0, undosSeenByStep.get());
        assertEquals(1, undos.get());
    }

    @Test
    void noStepRunsAfterTheUndo() throws SandboxException {
        change.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> change.apply(() -> null));
        assertEquals("counter is already undone", e.getMessage());
    }
}

package io.finack.kernel;

import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SCHED_FIFO for the calling thread only, and never for a process it starts. */
@Privileged
class ThreadSchedulingTest {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;

    /** The policy field (the 41st) of a /proc stat line, after the name in parentheses. */
    private static int policy(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(fields[41 - 3]);
    }

    @Test
    void aRealTimeThreadStartsProcessesUnderTheNormalPolicy() throws Exception {
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                assertTrue(ThreadScheduling.tryRealtime(true), "root may set SCHED_FIFO");
                int own = policy(Files.readString(Path.of("/proc/thread-self/stat")));
                Process child = new ProcessBuilder("cat", "/proc/self/stat").start();
                int started = policy(new String(child.getInputStream().readAllBytes()));
                child.waitFor();
                assertTrue(ThreadScheduling.tryRealtime(false));
                int after = policy(Files.readString(Path.of("/proc/thread-self/stat")));
                seen.complete(new int[] {own, started, after});
            } catch (Throwable t) {
                seen.completeExceptionally(t);
            }
        });
        thread.start();
        int[] policies = seen.get();
        assertEquals(SCHED_FIFO, policies[0], "the thread itself");
        assertEquals(SCHED_OTHER, policies[1], "the process it started (SCHED_RESET_ON_FORK)");
        assertEquals(SCHED_OTHER, policies[2], "the thread, back");
    }
}

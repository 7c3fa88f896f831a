package io.finack.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where a script's blocking system calls run, as packetdrill runs them: a thread of their own,
 * so that a blocking connect() or accept() can wait for segments that later lines inject. A
 * call is started and the script goes on once it has returned or once the thread is asleep in
 * the kernel (its state in /proc is S or D); its result is checked when it returns.
 */
final class SyscallThread implements AutoCloseable {
    /** A call that neither returns nor sleeps within this is taken as blocked anyway. */
    private static final long SETTLE_NANOS = 1_000_000_000L;
    private static final long POLL_NANOS = 50_000;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "syscalls");
        t.setDaemon(true);
        return t;
    });
    private volatile Path stat;

    /** {@code realtime}: the thread runs under SCHED_FIFO, as the plan's own (see {@link PlanRunner}). */
    SyscallThread(boolean realtime) {
        // The thread starts now and learns its /proc entry, not within a script's first
        // blocking call, which would be late by as much.
        executor.execute(() -> {
            if (realtime) {
                io.finack.kernel.ThreadScheduling.tryRealtime(true);
            }
            try {
                stat = ownStat();
            } catch (IOException e) {
                // the first call looks again
            }
        });
    }

    private static Path ownStat() throws IOException {
        return Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self"))).resolve("stat");
    }

    /** Starts {@code call} and returns once it has returned or blocks in the kernel. */
    <T> CompletableFuture<T> start(Callable<T> call) throws IOException {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicBoolean entered = new AtomicBoolean();
        executor.execute(() -> {
            try {
                if (stat == null) {
                    stat = ownStat();
                }
                entered.set(true);
                result.complete(call.call());
            } catch (Throwable t) {
                entered.set(true);
                result.completeExceptionally(t);
            }
        });
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (!result.isDone() && System.nanoTime() - deadline < 0) {
            if (entered.get() && asleep()) {
                break;
            }
            try {
                Thread.sleep(0, (int) POLL_NANOS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting a system call", e);
            }
        }
        return result;
    }

    /** True when the thread sleeps in the kernel: the state field of /proc/.../stat, after the name in parentheses. */
    private boolean asleep() {
        try {
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            int end = line.lastIndexOf(')');
            char state = end + 2 < line.length() ? line.charAt(end + 2) : '?';
            return state == 'S' || state == 'D';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package io.finack.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * Closes a job's sandbox and capture after its last result is known, on a thread of its own
 * and in the order given. Closing a packet socket waits for an RCU grace period (17 ms measured
 * here), which nobody needs to wait for between two experiments; {@link #close()} waits for
 * all of it, so nothing outlives the run.
 */
final class Teardown implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "teardown");
        t.setDaemon(true);
        return t;
    });
    private final List<Future<?>> pending = new ArrayList<>();

    /** A close that may fail with any exception. */
    @FunctionalInterface
    interface Step {
        void close() throws Exception;
    }

    synchronized void later(Step step) {
        pending.add(thread.submit(() -> {
            step.close();
            return null;
        }));
    }

    /** Waits for every deferred close; the first failure, if any, is thrown after all ran. */
    @Override
    public synchronized void close() throws Exception {
        try {
            awaitPending();
        } finally {
            thread.shutdown();
        }
    }

    /** Waits for every close deferred so far; the first failure, if any, is thrown after all ran. */
    synchronized void awaitPending() throws Exception {
        Exception first = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first == null && e.getCause() instanceof Exception ex ? ex : first;
            }
        }
        pending.clear();
        if (first != null) {
            throw first;
        }
    }
}

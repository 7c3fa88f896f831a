package io.finack.experiment;

import io.finack.sandbox.SandboxException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for tasks that run at once: jobs, and the repetitions in flight within a job. */
final class Concurrently {
    private Concurrently() {
    }

    /**
     * Waits for every task; at the first failure {@code onFailure} runs (so that the others stop
     * early), and the first failure is thrown once all have ended.
     */
    static void awaitAll(List<? extends Future<?>> tasks, Runnable onFailure) throws SandboxException, IOException {
        Throwable first = null;
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                onFailure.run();
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                onFailure.run();
                Thread.currentThread().interrupt();
                first = first == null ? new IOException("interrupted while waiting for the runs", e) : first;
            }
        }
        if (first instanceof SandboxException se) {
            throw se;
        } else if (first instanceof IOException io) {
            throw io;
        } else if (first instanceof RuntimeException re) {
            throw re;
        } else if (first instanceof Error err) {
            throw err;
        } else if (first != null) {
            throw new IOException(first.getMessage(), first);
        }
    }
}

package io.finack.sandbox;

import java.util.concurrent.Callable;

/**
 * A change to a network namespace that is undone exactly once: by {@link #close()}, or at JVM
 * exit when the namespace outlives the JVM (the caller's own). A fresh namespace dies with the
 * JVM and takes the change with it, so nothing is registered for it.
 *
 * <p>Each step of the change runs under the same lock as the undo, so an exit that races with
 * a step sees either none of it or all of it, and no step runs after the undo. The undo runs
 * through {@link NetNamespace#callDirect}: the namespace's thread may be stuck at exit.
 */
final class NamespaceChange implements AutoCloseable {
    private final NetNamespace namespace;
    private final String what;
    private final CleanupRegistry.Undo undo;
    private final CleanupRegistry.Registration atExit;
    private boolean undone; // guarded by this

    NamespaceChange(NetNamespace namespace, String what, CleanupRegistry.Undo undo) {
        this.namespace = namespace;
        this.what = what;
        this.undo = undo;
        this.atExit = namespace.fresh() ? () -> { } : CleanupRegistry.global().register(what, this::undoInside);
    }

    /** Runs one step of the change, from a thread inside the namespace. */
    synchronized <T> T apply(Callable<T> step) throws Exception {
        if (undone) {
            throw new IllegalStateException(what + " is already undone");
        }
        return step.call();
    }

    private void undoInside() throws SandboxException {
        namespace.callDirect(() -> {
            undoOnce();
            return null;
        });
    }

    private synchronized void undoOnce() throws Exception {
        if (undone) {
            return;
        }
        undone = true;
        undo.run();
    }

    /** Undoes the change, unless that is already done. */
    @Override
    public void close() throws SandboxException {
        try {
            undoInside();
        } finally {
            atExit.close();
        }
    }
}

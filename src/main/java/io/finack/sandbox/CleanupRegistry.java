package io.finack.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Undo actions run last-registered first, each guarded so that one failure does not keep the
 * others from running.
 *
 * <p>The JVM-wide instance, {@link #global()}, runs whatever is still registered from a
 * shutdown hook, which the JVM also runs on SIGINT and SIGTERM: that is how a change to a
 * namespace that outlives the JVM is undone when finack is interrupted. Shutdown hooks run
 * while other threads still run, so an undo may race with its owner's own close(): undos must
 * be idempotent and thread-safe, and must not wait for a {@link NetNamespace}'s thread, which
 * may be stuck. A sandbox also keeps a private instance as the list of its teardown steps.
 */
public final class CleanupRegistry {

    /** An undo action. */
    @FunctionalInterface
    public interface Undo {
        void run() throws Exception;
    }

    /** A registered undo; {@link #close()} unregisters it without running it. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Identity matters: the same action may be registered twice under the same name. */
    private static final class Entry {
        final String what;
        final Undo undo;

        Entry(String what, Undo undo) {
            this.what = what;
            this.undo = undo;
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>(); // guarded by this; newest first
    private boolean ran; // guarded by this

    CleanupRegistry() {
    }

    /** The registry whose undos run at JVM exit. */
    public static CleanupRegistry global() {
        return Global.INSTANCE;
    }

    private static final class Global {
        static final CleanupRegistry INSTANCE = withShutdownHook();

        private static CleanupRegistry withShutdownHook() {
            CleanupRegistry registry = new CleanupRegistry();
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(registry::runAtExit, "finack-cleanup"));
            } catch (IllegalStateException alreadyExiting) {
                // Nothing could be undone at exit, so nothing may be registered.
                registry.ran = true;
            }
            return registry;
        }
    }

    /**
     * Registers {@code undo}, described by {@code what} in failure messages. Register before
     * making the change, so that an exit in between still undoes it.
     *
     * @throws IllegalStateException if the undos have already run (the JVM is exiting)
     */
    public synchronized Registration register(String what, Undo undo) {
        if (ran) {
            throw new IllegalStateException("cannot register " + what + ": cleanup has already run");
        }
        Entry entry = new Entry(what, undo);
        entries.push(entry);
        return () -> unregister(entry);
    }

    private synchronized void unregister(Entry entry) {
        entries.remove(entry);
    }

    /**
     * Runs every registered undo, newest first, and refuses registrations from then on.
     *
     * @throws SandboxException the first failure, with the later ones suppressed in it
     */
    void runAll() throws SandboxException {
        List<Entry> todo;
        synchronized (this) {
            ran = true;
            todo = new ArrayList<>(entries);
            entries.clear();
        }
        SandboxException failure = null;
        for (Entry entry : todo) {
            try {
                entry.undo.run();
            } catch (Throwable t) { // the remaining undos matter more than any error, even an Error
                SandboxException e = t instanceof SandboxException se ? se
                        : new SandboxException("cannot undo " + entry.what + ": " + t, t);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void runAtExit() {
        try {
            runAll();
        } catch (SandboxException e) {
            System.err.println("finack: " + e.getMessage());
            for (Throwable later : e.getSuppressed()) {
                System.err.println("finack: " + later.getMessage());
            }
        }
    }
}

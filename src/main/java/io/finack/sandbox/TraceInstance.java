package io.finack.sandbox;

import com.sun.jna.LastErrorException;
import io.finack.kernel.Libc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A tracefs instance of finack's own ({@code instances/finack-PID-RANDOM}), with a few events
 * enabled in it and its trace_pipe read without blocking. The host's top-level trace settings
 * are never touched: an instance has its own buffer, clock and event switches.
 *
 * <p>Where no tracefs is mounted, one is mounted in a mount namespace of finack's own, on a
 * thread that does nothing else: the host's mounts do not change, and the mount goes away with
 * that thread. Other threads reach it through that thread's root ({@code
 * /proc/self/task/TID/root}). The instance itself is the kernel's, machine-wide: it is removed
 * on {@link #close}, and at exit, on SIGINT or SIGTERM too, through {@link CleanupRegistry}.
 */
public final class TraceInstance implements AutoCloseable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final String TRACING = "/sys/kernel/tracing";
    /** Per CPU: a run's events are read after it, so the buffer holds seconds of a busy machine's drops. */
    private static final int BUFFER_KB = 1024;

    private final Path dir;
    private final Optional<MountThread> mount;
    private CleanupRegistry.Registration undo; // set once, right after construction
    private final byte[] buffer = new byte[64 * 1024];
    private final StringBuilder partial = new StringBuilder();
    private int pipe = -1; // guarded by this
    private boolean closed; // guarded by this

    private TraceInstance(Path dir, Optional<MountThread> mount) {
        this.dir = dir;
        this.mount = mount;
    }

    /** Why tracing is not available here, in one line for doctor and the report. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Makes an instance with {@code events} ({@code skb/kfree_skb}) enabled, each with its
     * filter when {@code filters} has one, its clock CLOCK_TAI ({@code tai}): CLOCK_REALTIME, the
     * capture's clock, plus a whole number of seconds ({@link #taiOffsetNanos}).
     */
    public static TraceInstance open(List<String> events, Map<String, String> filters) throws Unavailable {
        Optional<Path> mounted = mountedTracefs(readMountinfo());
        Optional<MountThread> own = Optional.empty();
        Path root;
        if (mounted.isPresent()) {
            root = mounted.get();
        } else {
            MountThread thread = MountThread.start();
            own = Optional.of(thread);
            root = thread.root();
        }
        String name = "finack-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path dir = root.resolve("instances").resolve(name);
        TraceInstance instance = new TraceInstance(dir, own);
        try {
            // Registered before the instance is made, so that an exit in between still removes it.
            instance.undo = CleanupRegistry.global().register("tracefs instance " + name, instance::remove);
        } catch (IllegalStateException exiting) {
            own.ifPresent(MountThread::release);
            throw new Unavailable("finack is exiting", exiting);
        }
        try {
            Files.createDirectory(dir);
            write(dir.resolve("buffer_size_kb"), Integer.toString(BUFFER_KB));
            write(dir.resolve("trace_clock"), "tai");
            for (String event : events) {
                Path e = dir.resolve("events").resolve(event);
                if (filters.containsKey(event)) {
                    write(e.resolve("filter"), filters.get(event));
                }
                write(e.resolve("enable"), "1");
            }
            instance.openPipe();
            return instance;
        } catch (IOException | LastErrorException e) {
            instance.close();
            throw new Unavailable("cannot make a tracefs instance in " + root + ": " + e.getMessage(), e);
        }
    }

    private synchronized void openPipe() {
        pipe = Libc.C.open(dir.resolve("trace_pipe").toString(), Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
    }

    /** The instance's folder: its trace, trace_pipe and events. */
    public Path dir() {
        return dir;
    }

    /** Every whole line the instance has recorded since the last call, consumed. */
    public synchronized List<String> drain() throws IOException {
        if (closed) {
            throw new IllegalStateException("trace instance is closed");
        }
        List<String> lines = new ArrayList<>();
        while (true) {
            long n;
            try {
                n = Libc.C.read(pipe, buffer, buffer.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.EAGAIN) {
                    break;
                }
                if (e.getErrorCode() == Libc.EINTR) {
                    continue;
                }
                throw new IOException(Libc.describe("read " + dir.resolve("trace_pipe"), e), e);
            }
            if (n <= 0) {
                break;
            }
            partial.append(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
            int end;
            while ((end = partial.indexOf("\n")) >= 0) {
                lines.add(partial.substring(0, end));
                partial.delete(0, end + 1);
            }
        }
        return lines;
    }

    /** Disables the events, closes the pipe and removes the instance (and finack's own mount). */
    @Override
    public void close() {
        try {
            remove();
        } catch (IOException e) {
            System.err.println("finack: cannot remove tracefs instance " + dir + ": " + e.getMessage());
        } finally {
            undo.close();
        }
    }

    /** Idempotent, and safe from the shutdown hook while a run still drains. */
    private synchronized void remove() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (Files.isDirectory(dir)) {
                // Disabled first, so that the instance stops recording before it goes.
                write(dir.resolve("events").resolve("enable"), "0");
            }
            if (pipe >= 0) {
                Libc.C.close(pipe);
                pipe = -1;
            }
            // rmdir of an instance removes its files with it; Files.delete is rmdir(2) for a folder.
            Files.deleteIfExists(dir);
        } catch (LastErrorException e) {
            throw new IOException(Libc.describe("close trace_pipe", e), e);
        } finally {
            mount.ifPresent(MountThread::release);
        }
    }

    /**
     * CLOCK_TAI minus CLOCK_REALTIME: the kernel's TAI offset, whole seconds (0 until a time
     * daemon sets it), so that a tai event time less this is exactly the capture's clock.
     */
    public static long taiOffsetNanos() {
        long gap = nanos(Libc.CLOCK_TAI) - nanos(Libc.CLOCK_REALTIME);
        return Math.round(gap / 1e9) * 1_000_000_000L;
    }

    private static long nanos(int clock) {
        byte[] timespec = new byte[16];
        Libc.C.clock_gettime(clock, timespec);
        ByteBuffer b = ByteBuffer.wrap(timespec).order(ByteOrder.nativeOrder());
        return b.getLong(0) * 1_000_000_000L + b.getLong(8);
    }

    private static void write(Path file, String value) throws IOException {
        Files.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> readMountinfo() {
        try {
            return Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Where this process's mount namespace has a tracefs mounted whole (root "/"), from
     * /proc/self/mountinfo: {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - FSTYPE SOURCE ...}.
     */
    static Optional<Path> mountedTracefs(List<String> mountinfo) {
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash > 4 && dash + 1 < f.length && f[dash + 1].equals("tracefs") && f[3].equals("/")) {
                return Optional.of(Path.of(f[4].replace("\\040", " ")));
            }
        }
        return Optional.empty();
    }

    /**
     * A thread in a mount namespace of its own (unshare(CLONE_NEWNS) moves only the calling
     * thread), its mounts made private so that nothing propagates to the host's, with a tracefs
     * on /sys/kernel/tracing. It waits until released; the namespace and the mount end with it.
     */
    private static final class MountThread {
        private final CompletableFuture<Integer> mounted = new CompletableFuture<>();
        private final CountDownLatch released = new CountDownLatch(1);

        static MountThread start() throws Unavailable {
            MountThread m = new MountThread();
            Thread t = new Thread(m::serve, "tracefs-mount");
            t.setDaemon(true);
            t.start();
            try {
                m.mounted.join();
                return m;
            } catch (CompletionException e) {
                throw e.getCause() instanceof Unavailable u ? u : new Unavailable(e.getCause().toString(), e.getCause());
            }
        }

        private void serve() {
            try {
                Libc.C.unshare(Libc.CLONE_NEWNS);
                Libc.C.mount("none", "/", null, Libc.MS_REC | Libc.MS_PRIVATE, null);
                Libc.C.mount("tracefs", TRACING, "tracefs", 0, null);
            } catch (LastErrorException e) {
                mounted.completeExceptionally(new Unavailable(
                        Libc.describe("mount tracefs in a mount namespace of finack's own", e), e));
                return;
            } catch (RuntimeException | LinkageError e) {
                mounted.completeExceptionally(new Unavailable("cannot mount tracefs: " + e, e));
                return;
            }
            mounted.complete(Libc.C.gettid());
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The tracefs as any thread of this process reaches it: through this thread's root. */
        Path root() {
            return Path.of("/proc/self/task/" + mounted.join() + "/root" + TRACING);
        }

        void release() {
            released.countDown();
        }
    }
}

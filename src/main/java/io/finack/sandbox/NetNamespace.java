package io.finack.sandbox;

import com.sun.jna.LastErrorException;
import io.finack.kernel.Libc;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A network namespace and the dedicated thread that lives in it.
 *
 * <p>{@code unshare(CLONE_NEWNET)} moves only the calling thread, and threads or processes
 * start in the namespace of the thread that starts them. So every socket, pcap handle, sysctl
 * write and child process that belongs in the namespace is made through {@link #call}, and
 * threads that must live there are started with {@link #startThread}. Never a pool thread: a
 * pool may hand the work to a thread of another namespace.
 */
public final class NetNamespace implements AutoCloseable {
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final long SIOCSIFMTU = 0x8922;
    private static final long SIOCETHTOOL = 0x8946;
    private static final int ETHTOOL_STSO = 0x1f;
    private static final int ETHTOOL_SGSO = 0x24;
    private static final short IFF_UP = 0x1;
    private static final int IFREQ_SIZE = 40;

    private static final Path OWN_NAMESPACE = Path.of("/proc/thread-self/ns/net");

    private final String name;
    private final boolean fresh;
    private final Thread thread;
    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private final Handle handle;
    private boolean handleClosed; // guarded by handle

    /**
     * An open descriptor of the namespace, which lets any thread enter it with setns, and its
     * identity ("net:[inode]"), which tells whether a thread is already inside.
     */
    private record Handle(int fd, String id) {
    }

    private NetNamespace(String name, boolean fresh) throws SandboxException {
        this.name = name;
        this.fresh = fresh;
        CompletableFuture<Handle> entered = new CompletableFuture<>();
        thread = new Thread(() -> serve(entered), "netns-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            // Uninterruptible, and quick: an interrupted wait would leave the thread running with no owner.
            handle = entered.join();
        } catch (CompletionException e) {
            throw new SandboxException("cannot create a network namespace: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A new, empty network namespace (lo down) owned by a new thread. Needs CAP_SYS_ADMIN. */
    public static NetNamespace createFresh(String name) throws SandboxException {
        return new NetNamespace(name, true);
    }

    /** A dedicated thread in the caller's own network namespace, for {@code --netns current}. */
    public static NetNamespace current(String name) throws SandboxException {
        return new NetNamespace(name, false);
    }

    public String name() {
        return name;
    }

    /**
     * A path naming this namespace for another process ({@code ip link ... netns PATH}): the
     * JVM's own open descriptor of it, valid while this namespace is open.
     */
    public String path() {
        return "/proc/" + ProcessHandle.current().pid() + "/fd/" + handle.fd();
    }

    /** True when this namespace was made by finack and disappears with it. */
    public boolean fresh() {
        return fresh;
    }

    private void serve(CompletableFuture<Handle> entered) {
        if (fresh) {
            try {
                Libc.C.unshare(Libc.CLONE_NEWNET);
            } catch (LastErrorException | UnsatisfiedLinkError e) {
                entered.completeExceptionally(new SandboxException(e instanceof LastErrorException le
                        ? Libc.describe("unshare(CLONE_NEWNET)", le) : e.getMessage(), e));
                return;
            }
        }
        try {
            String id = namespaceOfCallingThread();
            entered.complete(new Handle(Libc.C.open(OWN_NAMESPACE.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC), id));
        } catch (LastErrorException e) {
            entered.completeExceptionally(new SandboxException(Libc.describe("open " + OWN_NAMESPACE, e), e));
            return;
        } catch (SandboxException e) {
            entered.completeExceptionally(e);
            return;
        }
        while (!closed || !work.isEmpty()) {
            try {
                work.take().run();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs {@code task} on the namespace's thread and returns its result. */
    public <T> T call(Callable<T> task) throws SandboxException {
        if (Thread.currentThread() == thread) {
            return invoke(task);
        }
        if (closed) {
            throw new IllegalStateException("namespace " + name + " is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        work.add(() -> complete(result, task));
        return await(result);
    }

    /**
     * Runs {@code task} inside this namespace without queueing it for the namespace's thread,
     * which may be busy or stuck (at JVM exit, say): on the calling thread when it is already
     * inside, else on a short-lived thread that enters the namespace with setns. For undo work
     * that must finish whatever the namespace's thread is doing.
     */
    <T> T callDirect(Callable<T> task) throws SandboxException {
        if (handle.id().equals(namespaceOfCallingThread())) {
            return invoke(task);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread visitor = new Thread(() -> complete(result, () -> {
            enter();
            return task.call();
        }), "netns-" + name + "-visitor");
        visitor.setDaemon(true);
        visitor.start();
        return await(result);
    }

    private void enter() throws SandboxException {
        synchronized (handle) {
            if (handleClosed) {
                throw new IllegalStateException("namespace " + name + " is closed");
            }
            try {
                Libc.C.setns(handle.fd(), Libc.CLONE_NEWNET);
            } catch (LastErrorException e) {
                throw new SandboxException("cannot enter namespace " + name + ": " + Libc.describe("setns", e), e);
            }
        }
    }

    private static String namespaceOfCallingThread() throws SandboxException {
        try {
            return Files.readSymbolicLink(OWN_NAMESPACE).toString();
        } catch (IOException e) {
            throw new SandboxException("cannot read " + OWN_NAMESPACE + ": " + e.getMessage(), e);
        }
    }

    private static <T> T invoke(Callable<T> task) throws SandboxException {
        try {
            return task.call();
        } catch (SandboxException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SandboxException(e.getMessage(), e);
        }
    }

    private static <T> void complete(CompletableFuture<T> result, Callable<T> task) {
        try {
            result.complete(task.call());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    private <T> T await(CompletableFuture<T> result) throws SandboxException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SandboxException se) {
                throw se;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new SandboxException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for namespace " + name, e);
        }
    }

    /** Starts a thread inside this namespace. */
    public Thread startThread(Runnable body, String threadName) throws SandboxException {
        return call(() -> {
            Thread t = new Thread(body, threadName);
            t.setDaemon(true);
            t.start();
            return t;
        });
    }

    /** Brings an interface up (a fresh namespace has lo down). */
    public void linkUp(String ifname) throws SandboxException {
        call(() -> {
            withInterfaceSocket(fd -> {
                byte[] ifreq = ifreq(ifname);
                Libc.C.ioctl(fd, SIOCGIFFLAGS, ifreq);
                ByteBuffer b = ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder());
                b.putShort(16, (short) (b.getShort(16) | IFF_UP));
                Libc.C.ioctl(fd, SIOCSIFFLAGS, ifreq);
            }, "bring " + ifname + " up");
            return null;
        });
    }

    /** Sets an interface's MTU. */
    public void setMtu(String ifname, int mtu) throws SandboxException {
        call(() -> {
            withInterfaceSocket(fd -> {
                byte[] ifreq = ifreq(ifname);
                ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).putInt(16, mtu);
                Libc.C.ioctl(fd, SIOCSIFMTU, ifreq);
            }, "set the MTU of " + ifname + " to " + mtu);
            return null;
        });
    }

    /**
     * Turns TCP segmentation offload and generic segmentation offload off, so that the kernel
     * hands the interface (and the capture) segments of at most one MSS, as on a device with
     * no offloads (packetdrill's tun device).
     */
    public void segmentationOffloadOff(String ifname) throws SandboxException {
        call(() -> {
            withInterfaceSocket(fd -> {
                // struct ethtool_value {u32 cmd; u32 data;}, pointed to by the ifreq's union.
                try (com.sun.jna.Memory value = new com.sun.jna.Memory(8)) {
                    for (int command : new int[] {ETHTOOL_STSO, ETHTOOL_SGSO}) {
                        value.setInt(0, command);
                        value.setInt(4, 0);
                        byte[] ifreq = ifreq(ifname);
                        ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).putLong(16, com.sun.jna.Pointer.nativeValue(value));
                        Libc.C.ioctl(fd, SIOCETHTOOL, ifreq);
                    }
                }
            }, "turn segmentation offload off on " + ifname);
            return null;
        });
    }

    private interface FdAction {
        void run(int fd);
    }

    private static void withInterfaceSocket(FdAction action, String what) throws SandboxException {
        int fd;
        try {
            fd = Libc.C.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new SandboxException("cannot " + what + ": " + Libc.describe("socket", e), e);
        }
        try {
            action.run(fd);
        } catch (LastErrorException e) {
            throw new SandboxException("cannot " + what + ": " + Libc.describe("ioctl", e), e);
        } finally {
            Libc.C.close(fd);
        }
    }

    private static byte[] ifreq(String ifname) {
        byte[] ifreq = new byte[IFREQ_SIZE];
        byte[] n = ifname.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, ifreq, 0, Math.min(n.length, 15));
        return ifreq;
    }

    /** Ends the namespace's thread; the kernel frees a fresh namespace once nothing else holds it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        work.add(() -> { });
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (handle) {
            handleClosed = true;
            Libc.C.close(handle.fd());
        }
    }
}

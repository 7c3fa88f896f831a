package io.finack.syscall;

import com.sun.jna.LastErrorException;
import io.finack.kernel.KernelSocket;
import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A run's open descriptors under the script's numbers, as packetdrill keeps them: sockets, and
 * the other files a script opens (epoll instances, pipes, files), with what the walk needs to
 * know of each (O_NONBLOCK set by fcntl, already bound). Thread-safe: a blocking accept()
 * registers its socket from the syscall thread. {@link #close} closes whatever is left.
 */
public final class FdTable implements AutoCloseable {
    private final Map<Integer, KernelSocket> sockets = new HashMap<>();
    private final Map<Integer, Integer> files = new HashMap<>();
    private final Set<Integer> nonBlocking = new HashSet<>();
    private final Set<Integer> bound = new HashSet<>();

    /** The socket the script calls {@code fd}. */
    public synchronized KernelSocket socket(int fd) throws CallFailure {
        KernelSocket socket = sockets.get(fd);
        if (socket == null) {
            throw new CallFailure(files.containsKey(fd) ? "script fd " + fd + " is not a socket"
                    : "unable to find socket with script fd " + fd);
        }
        return socket;
    }

    /** The socket, if {@code fd} is an open one. */
    public synchronized Optional<KernelSocket> openSocket(int fd) {
        return Optional.ofNullable(sockets.get(fd));
    }

    /** The live descriptor of any file the script calls {@code fd}. */
    public synchronized int live(int fd) throws CallFailure {
        KernelSocket socket = sockets.get(fd);
        if (socket != null) {
            return socket.fd();
        }
        Integer live = files.get(fd);
        if (live == null) {
            throw new CallFailure("unable to find fd with script fd " + fd);
        }
        return live;
    }

    /** The script's number for a live descriptor, as an epoll event names it back. */
    public synchronized OptionalInt scriptFd(int live) {
        for (Map.Entry<Integer, KernelSocket> e : sockets.entrySet()) {
            if (e.getValue().fd() == live) {
                return OptionalInt.of(e.getKey());
            }
        }
        for (Map.Entry<Integer, Integer> e : files.entrySet()) {
            if (e.getValue() == live) {
                return OptionalInt.of(e.getKey());
            }
        }
        return OptionalInt.empty();
    }

    public synchronized void addSocket(int fd, KernelSocket socket) throws CallFailure {
        unused(fd);
        sockets.put(fd, socket);
    }

    /** A file other than a socket: an epoll instance, a pipe's end, an opened file. */
    public synchronized void addFile(int fd, int live) throws CallFailure {
        unused(fd);
        files.put(fd, live);
    }

    private void unused(int fd) throws CallFailure {
        if (sockets.containsKey(fd) || files.containsKey(fd)) {
            throw new CallFailure("duplicate fd " + fd + " in script");
        }
    }

    /** Forgets {@code fd}: the script closed it. */
    public synchronized void remove(int fd) {
        sockets.remove(fd);
        files.remove(fd);
        nonBlocking.remove(fd);
        bound.remove(fd);
    }

    public synchronized boolean nonBlocking(int fd) {
        return nonBlocking.contains(fd);
    }

    /** What fcntl(F_SETFL) set: whether {@code fd} has O_NONBLOCK now. */
    public synchronized void nonBlocking(int fd, boolean on) {
        if (on) {
            nonBlocking.add(fd);
        } else {
            nonBlocking.remove(fd);
        }
    }

    public synchronized boolean bound(int fd) {
        return bound.contains(fd);
    }

    public synchronized void markBound(int fd) {
        bound.add(fd);
    }

    /**
     * Closes what the script left open. Sockets are aborted (SO_LINGER {1, 0}: RST, no FIN) so
     * that none stays behind as an orphan retransmitting its FIN to the guarded harness port:
     * in a namespace that later runs use, it would hold the 4-tuple, and the next run's
     * connect() from the same port would fail with EADDRNOTAVAIL.
     */
    @Override
    public synchronized void close() throws IOException {
        List<String> failures = new ArrayList<>();
        for (KernelSocket s : sockets.values()) {
            try {
                s.linger(true, 0);
            } catch (SyscallException e) {
                failures.add(e.getMessage());
            }
            try {
                s.close();
            } catch (SyscallException e) {
                failures.add(e.getMessage());
            }
        }
        for (int live : files.values()) {
            try {
                Libc.C.close(live);
            } catch (LastErrorException e) {
                failures.add(Libc.describe("close", e));
            }
        }
        sockets.clear();
        files.clear();
        if (!failures.isEmpty()) {
            throw new IOException("teardown: " + failures.get(0));
        }
    }
}

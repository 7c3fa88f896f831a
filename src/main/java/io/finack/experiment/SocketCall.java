package io.finack.experiment;

import io.finack.tcp.Endpoint;

import io.finack.kernel.Errno;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.Optional;

/**
 * A system call on a kernel socket. Sockets are named by small numbers, as file descriptors
 * are in packetdrill scripts; the runner maps them to the live descriptors.
 */
public sealed interface SocketCall {
    /** The socket the call acts on. */
    int fd();

    /**
     * The same call with every endpoint it names passed through {@code move}, for a plan moved
     * to other ports ({@link Plan#shifted}). A call that names an endpoint must override this.
     */
    default SocketCall withEndpoints(UnaryOperator<Endpoint> move) {
        return this;
    }

    record Open(int fd) implements SocketCall {
        @Override public String toString() { return "socket(..., SOCK_STREAM, IPPROTO_TCP) = " + fd; }
    }

    /** SO_LINGER {1, seconds}: with 0 seconds, close() sends RST instead of FIN. */
    record Linger(int fd, int seconds) implements SocketCall {
        @Override public String toString() {
            return "setsockopt(" + fd + ", SOL_SOCKET, SO_LINGER, {onoff=1, linger=" + seconds + "}, 8) = 0";
        }
    }

    record NonBlocking(int fd) implements SocketCall {
        @Override public String toString() { return "fcntl(" + fd + ", F_SETFL, O_RDWR|O_NONBLOCK) = 0"; }
    }

    record Bind(int fd, Endpoint local) implements SocketCall {
        @Override public SocketCall withEndpoints(UnaryOperator<Endpoint> move) { return new Bind(fd, move.apply(local)); }
        @Override public String toString() { return "bind(" + fd + ", " + local + ") = 0"; }
    }

    record Listen(int fd, int backlog) implements SocketCall {
        @Override public String toString() { return "listen(" + fd + ", " + backlog + ") = 0"; }
    }

    /** accept() on the listening socket {@code fd}, naming the new socket {@code accepted}. */
    record Accept(int fd, int accepted, Duration within) implements SocketCall {
        @Override public String toString() { return "accept(" + fd + ", ..., ...) = " + accepted; }
    }

    /** A non-blocking connect: the call returns EINPROGRESS and the handshake goes on. */
    record Connect(int fd, Endpoint remote) implements SocketCall {
        @Override public SocketCall withEndpoints(UnaryOperator<Endpoint> move) { return new Connect(fd, move.apply(remote)); }
        @Override public String toString() { return "connect(" + fd + ", " + remote + ") = -1 EINPROGRESS"; }
    }

    record Close(int fd) implements SocketCall {
        @Override public String toString() { return "close(" + fd + ") = 0"; }
    }

    /** An integer socket option such as TCP_NODELAY or SO_RCVBUF. */
    record SetOption(int fd, io.finack.kernel.IntOption option, int value) implements SocketCall {
        @Override public String toString() {
            return "setsockopt(" + fd + ", " + option.levelName() + ", " + option + ", [" + value + "], 4) = 0";
        }
    }

    /** Reads SO_ERROR, which must be {@code expected} (0: no error pending). */
    record PendingError(int fd, int expected) implements SocketCall {
        @Override public String toString() {
            return "getsockopt(" + fd + ", SOL_SOCKET, SO_ERROR, [" + expected + "], [4]) = 0";
        }
    }

    /** fcntl F_GETFL: the call's result is the file status flags. */
    record StatusFlags(int fd) implements SocketCall {
        @Override public String toString() { return "fcntl(" + fd + ", F_GETFL)"; }
    }

    /** Writes {@code length} zero bytes at once; the result is how many the kernel took. */
    record Write(int fd, int length) implements SocketCall {
        @Override public String toString() { return "write(" + fd + ", ..., " + length + ")"; }
    }

    /**
     * Reads up to {@code length} bytes; on a blocking socket it waits up to {@code within} for
     * them (on a non-blocking one, not at all).
     */
    record Read(int fd, int length, Duration within) implements SocketCall {
        @Override public String toString() { return "read(" + fd + ", ..., " + length + ")"; }
    }

    /** shutdown with SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2). */
    record Shutdown(int fd, int how) implements SocketCall {
        @Override public String toString() {
            return "shutdown(" + fd + ", " + new String[] {"SHUT_RD", "SHUT_WR", "SHUT_RDWR"}[how] + ") = 0";
        }
    }

    /** What a call returns as a script states it: a value, or -1 with an errno. */
    record Result(long value, Optional<Errno> errno) {
        public static Result of(long value) {
            return new Result(value, Optional.empty());
        }

        public static Result failed(Errno errno) {
            return new Result(-1, Optional.of(errno));
        }

        @Override
        public String toString() {
            return value + errno.map(e -> " " + e.name()).orElse("");
        }
    }
}

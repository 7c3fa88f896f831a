package io.finack.experiment;

import io.finack.tcp.Endpoint;

import java.time.Duration;
import java.util.function.UnaryOperator;

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

    record ReuseAddress(int fd) implements SocketCall {
        @Override public String toString() { return "setsockopt(" + fd + ", SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0"; }
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

    /** Waits until a non-blocking connect completes (poll for POLLOUT, then SO_ERROR is 0). */
    record AwaitConnected(int fd, Duration within) implements SocketCall {
        @Override public String toString() { return "getsockopt(" + fd + ", SOL_SOCKET, SO_ERROR, [0], [4]) = 0"; }
    }

    record Close(int fd) implements SocketCall {
        @Override public String toString() { return "close(" + fd + ") = 0"; }
    }
}

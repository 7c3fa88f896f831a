package io.finack.kernel;

import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpState;

import java.util.Optional;

/**
 * One TCP socket as sock_diag reports it ({@code struct inet_diag_msg}).
 *
 * @param state         for a timewait socket, its substate: FIN_WAIT2 or TIME_WAIT
 * @param remote        the wildcard address and port 0 for a listener
 * @param inode         0 when no file descriptor reaches the socket (orphaned or timewait)
 * @param timer         the pending timer: 0 none, 1 retransmit, 2 keepalive (also the
 *                      FIN_WAIT2 timer of a full socket), 3 TIME_WAIT, 4 zero-window probe
 * @param retransmits   for timer 1 and 4, retransmissions so far; else 0
 * @param expiresMillis time until the timer fires
 * @param tcpInfo       the socket's struct tcp_info (INET_DIAG_INFO); none for a timewait or
 *                      request socket, which the kernel reports without it
 */
public record SocketInfo(TcpState state, Endpoint local, Endpoint remote, long inode, int timer,
                         int retransmits, long expiresMillis, Optional<TcpInfo> tcpInfo) {
    /** A socket as sock_diag reports it without a tcp_info. */
    public SocketInfo(TcpState state, Endpoint local, Endpoint remote, long inode, int timer, int retransmits,
                      long expiresMillis) {
        this(state, local, remote, inode, timer, retransmits, expiresMillis, Optional.empty());
    }
}

package io.finack.kernel;

import io.finack.sandbox.NetNamespace;
import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpState;
import io.finack.testing.Privileged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.finack.kernel.LiveSockets.WAIT;
import static io.finack.kernel.LiveSockets.awaitState;
import static io.finack.kernel.LiveSockets.inode;
import static io.finack.kernel.LiveSockets.wildcard;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sock_diag against real sockets, each test in its own fresh network namespace. */
@Privileged
class SockDiagLiveTest {
    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void showsListenerThenBothEndsEstablished(Endpoint.Family family) throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("sockdiag-est-" + family)) {
            ns.linkUp("lo");
            try (SockDiag diag = ns.call(SockDiag::open);
                 KernelSocket listener = ns.call(() -> KernelSocket.open(family));
                 KernelSocket client = ns.call(() -> KernelSocket.open(family))) {
                listener.bind(new Endpoint(family.loopback(), 0));
                listener.listen(8);
                Endpoint server = listener.localEndpoint();
                assertNotEquals(0, server.port());

                // The namespace is fresh: the listener is its only TCP socket.
                List<SocketInfo> alone = diag.dump();
                assertEquals(List.of(new SocketInfo(TcpState.LISTEN, server, wildcard(family), inode(listener), 0, 0, 0)),
                        withoutTcpInfo(alone));
                assertEquals(TcpState.LISTEN.number(), alone.get(0).tcpInfo().orElseThrow().get("tcpi_state").getAsLong(),
                        "a full socket comes with its tcp_info");

                assertFalse(client.connect(server), "a blocking connect completes within the call");
                try (KernelSocket accepted = listener.accept(WAIT)) {
                    Endpoint clientEnd = client.localEndpoint();
                    assertEquals(family, clientEnd.family());
                    assertEquals(server, accepted.localEndpoint());

                    List<SocketInfo> sockets = diag.dump();
                    assertEquals(3, sockets.size(), sockets::toString);
                    SocketInfo clientInfo = diag.find(clientEnd, server).orElseThrow();
                    SocketInfo serverInfo = diag.find(server, clientEnd).orElseThrow();
                    assertEquals(TcpState.ESTABLISHED, clientInfo.state());
                    assertEquals(TcpState.ESTABLISHED, serverInfo.state());
                    assertEquals(inode(client), clientInfo.inode());
                    assertEquals(inode(accepted), serverInfo.inode());
                    // The client's tcp_info is the one getsockopt(TCP_INFO) reads on its descriptor.
                    TcpInfo diagInfo = clientInfo.tcpInfo().orElseThrow();
                    TcpInfo own = client.tcpInfo();
                    for (String field : List.of("tcpi_state", "tcpi_snd_mss", "tcpi_snd_cwnd", "tcpi_rto", "tcpi_unacked")) {
                        assertEquals(own.get(field), diagInfo.get(field), field);
                    }
                    assertEquals(TcpState.LISTEN, diag.find(server, wildcard(family)).orElseThrow().state());

                    // The connection carries data both ways.
                    assertEquals(4, client.write("ping".getBytes()));
                    assertArrayEquals("ping".getBytes(), accepted.read(64, WAIT));
                    assertEquals(4, accepted.write("pong".getBytes()));
                    assertArrayEquals("pong".getBytes(), client.read(64, WAIT));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void showsABoundIdleSocketAsClose(Endpoint.Family family) throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("sockdiag-bound-" + family);
             SockDiag diag = ns.call(SockDiag::open);
             KernelSocket unbound = ns.call(() -> KernelSocket.open(family));
             KernelSocket bound = ns.call(() -> KernelSocket.open(family))) {
            ns.linkUp("lo");
            bound.bind(new Endpoint(family.loopback(), 0));
            assertEquals(List.of(new SocketInfo(TcpState.CLOSE, bound.localEndpoint(), wildcard(family), inode(bound), 0, 0, 0)),
                    withoutTcpInfo(diag.dump()), "only the bound one of two idle sockets is reported");
            assertNotEquals(0, inode(unbound));
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void closedServerIsOrphanedInFinWait2WhileClientSitsInCloseWait(Endpoint.Family family) throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("sockdiag-fw2-" + family)) {
            ns.linkUp("lo");
            try (SockDiag diag = ns.call(SockDiag::open);
                 KernelSocket listener = ns.call(() -> KernelSocket.open(family));
                 KernelSocket client = ns.call(() -> KernelSocket.open(family))) {
                listener.bind(new Endpoint(family.loopback(), 0));
                listener.listen(8);
                Endpoint server = listener.localEndpoint();
                client.connect(server);
                Endpoint clientEnd = client.localEndpoint();
                listener.accept(WAIT).close();

                SocketInfo serverInfo = awaitState(diag, server, clientEnd, TcpState.FIN_WAIT2);
                SocketInfo clientInfo = awaitState(diag, clientEnd, server, TcpState.CLOSE_WAIT);
                assertEquals(0, serverInfo.inode(), "no descriptor reaches the closed server socket");
                assertTrue(serverInfo.tcpInfo().isEmpty(), "a timewait socket has no tcp_info: " + serverInfo);
                // With tcp_fin_timeout at its default (60 s, not above TCP_TIMEWAIT_LEN) the orphan
                // becomes a timewait socket: TIME_WAIT timer, FIN_WAIT2 substate as its state.
                assertEquals(3, serverInfo.timer(), serverInfo::toString);
                assertTrue(serverInfo.expiresMillis() > 0 && serverInfo.expiresMillis() <= 60_000, serverInfo::toString);
                assertEquals(inode(client), clientInfo.inode());
                assertArrayEquals(new byte[0], client.read(64, WAIT), "the client reads the server's FIN as end of stream");
            }
        }
    }

    private static List<SocketInfo> withoutTcpInfo(List<SocketInfo> sockets) {
        return sockets.stream().map(s -> new SocketInfo(s.state(), s.local(), s.remote(), s.inode(), s.timer(), s.retransmits(),
                s.expiresMillis())).toList();
    }
}

package io.finack.kernel;

import io.finack.sandbox.NetNamespace;
import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpState;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static io.finack.kernel.LiveSockets.WAIT;
import static io.finack.kernel.LiveSockets.awaitState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KernelSocket against the live kernel, each test in its own fresh network namespace. */
@Privileged
class KernelSocketLiveTest {
    /** Nothing listens in a fresh namespace, so any port refuses. */
    private static final int CLOSED_PORT = 9;

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void nonBlockingConnectToClosedPortFailsWithEconnrefused(Endpoint.Family family) throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("ksock-refused-" + family)) {
            ns.linkUp("lo");
            try (KernelSocket client = ns.call(() -> KernelSocket.open(family))) {
                client.nonBlocking(true);
                assertTrue(client.connect(new Endpoint(family.loopback(), CLOSED_PORT)), "EINPROGRESS");
                SyscallException e = assertThrows(SyscallException.class, () -> client.awaitConnected(WAIT));
                assertEquals("ECONNREFUSED", e.errnoName());
                assertEquals("connect: Connection refused (errno 111)", e.getMessage());
            }
        }
    }

    @Test
    void failuresAndDeadlinesHaveOneLineMessages() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("ksock-messages")) {
            ns.linkUp("lo");
            try (KernelSocket client = ns.call(() -> KernelSocket.open(Endpoint.Family.IPV4));
                 KernelSocket listener = ns.call(() -> KernelSocket.open(Endpoint.Family.IPV4));
                 KernelSocket rival = ns.call(() -> KernelSocket.open(Endpoint.Family.IPV4))) {
                SyscallException refused = assertThrows(SyscallException.class,
                        () -> client.connect(new Endpoint(Endpoint.IPV4_LOOPBACK, CLOSED_PORT)));
                assertEquals("connect: Connection refused (errno 111)", refused.getMessage());

                listener.bind(new Endpoint(Endpoint.IPV4_LOOPBACK, 0));
                listener.listen(1);
                SyscallException inUse = assertThrows(SyscallException.class, () -> rival.bind(listener.localEndpoint()));
                assertEquals("bind: Address already in use (errno 98)", inUse.getMessage());
                assertEquals("EADDRINUSE", inUse.errnoName());

                Duration patience = Duration.ofMillis(80);
                long start = System.nanoTime();
                SyscallException late = assertThrows(SyscallException.class, () -> listener.accept(patience));
                assertTrue(System.nanoTime() - start >= patience.toNanos(), "waited the whole deadline");
                assertEquals("accept: no result within 80 ms (ETIMEDOUT)", late.getMessage());
                assertEquals("ETIMEDOUT", late.errnoName());

                for (SyscallException e : new SyscallException[] {refused, inUse, late}) {
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void shutdownWriteSendsFinAndReadTimesOutWithoutData(Endpoint.Family family) throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("ksock-shutdown-" + family);
             Pair pair = Pair.connect(ns, family);
             SockDiag diag = ns.call(SockDiag::open)) {
            SyscallException e = assertThrows(SyscallException.class, () -> pair.server.read(64, Duration.ofMillis(30)));
            assertEquals("read", e.call());
            assertEquals("ETIMEDOUT", e.errnoName());

            pair.client.shutdown(Libc.SHUT_WR);
            assertArrayEquals(new byte[0], pair.server.read(64, WAIT));
            awaitState(diag, pair.client.localEndpoint(), pair.server.localEndpoint(), TcpState.FIN_WAIT2);
            assertEquals(TcpState.CLOSE_WAIT,
                    diag.find(pair.server.localEndpoint(), pair.client.localEndpoint()).orElseThrow().state());
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void tcpInfoReportsTheStateAndTheSegmentSizeOfTheLiveSocket(Endpoint.Family family) throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("ksock-tcpinfo-" + family);
             Pair pair = Pair.connect(ns, family)) {
            TcpInfo client = pair.client.tcpInfo();
            assertEquals(TcpState.ESTABLISHED, TcpState.ofNumber((int) client.get("tcpi_state").getAsLong()));
            assertTrue(client.get("tcpi_snd_mss").getAsLong() > 0, client.fields().toString());
            assertTrue(client.fields().containsKey("tcpi_total_rto_time"), "this kernel's struct: " + client.fields().size());
            pair.client.write(new byte[100]);
            assertEquals(100, pair.server.read(100, WAIT).length);
            assertTrue(pair.server.tcpInfo().get("tcpi_bytes_received").getAsLong() >= 100);
        }
    }

    @Test
    void lingerZeroMakesCloseResetTheConnection() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("ksock-linger");
             Pair pair = Pair.connect(ns, Endpoint.Family.IPV4)) {
            // The client of the kernel's fin_ack_lat selftest sets both options.
            pair.client.set(io.finack.kernel.IntOption.TCP_NODELAY, 1);
            pair.client.linger(true, 0);
            pair.client.close();
            SyscallException e = assertThrows(SyscallException.class, () -> pair.server.read(64, WAIT));
            assertEquals("ECONNRESET", e.errnoName());
        }
    }

    @Test
    void reuseAddressLetsANewListenerBindBesideATimeWaitSocket() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("ksock-reuse");
             SockDiag diag = ns.call(SockDiag::open)) {
            ns.linkUp("lo");
            Endpoint server;
            try (KernelSocket listener = ns.call(() -> KernelSocket.open(Endpoint.Family.IPV4))) {
                listener.reuseAddress(true);
                listener.bind(new Endpoint(Endpoint.IPV4_LOOPBACK, 0));
                listener.listen(1);
                server = listener.localEndpoint();
                Endpoint clientEnd;
                try (KernelSocket client = ns.call(() -> KernelSocket.open(Endpoint.Family.IPV4))) {
                    client.connect(server);
                    clientEnd = client.localEndpoint();
                    listener.accept(WAIT).close();
                    awaitState(diag, clientEnd, server, TcpState.CLOSE_WAIT);
                }
                awaitState(diag, server, clientEnd, TcpState.TIME_WAIT);
            }
            try (KernelSocket plain = ns.call(() -> KernelSocket.open(Endpoint.Family.IPV4));
                 KernelSocket reusing = ns.call(() -> KernelSocket.open(Endpoint.Family.IPV4))) {
                SyscallException e = assertThrows(SyscallException.class, () -> plain.bind(server));
                assertEquals("EADDRINUSE", e.errnoName());
                reusing.reuseAddress(true);
                assertDoesNotThrow(() -> reusing.bind(server));
            }
        }
    }

    @Test
    void closeIsIdempotentAndAClosedSocketRefusesUse() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("ksock-close")) {
            KernelSocket socket = ns.call(() -> KernelSocket.open(Endpoint.Family.IPV6));
            socket.close();
            assertDoesNotThrow(socket::close);
            assertThrows(IllegalStateException.class, socket::localEndpoint);
        }
    }

    /** A listener, a client connected to it and the accepted server end, on lo. */
    private static final class Pair implements AutoCloseable {
        final KernelSocket listener;
        final KernelSocket client;
        final KernelSocket server;

        private Pair(KernelSocket listener, KernelSocket client, KernelSocket server) {
            this.listener = listener;
            this.client = client;
            this.server = server;
        }

        /** Brings the namespace's lo up and connects a pair over it. */
        static Pair connect(NetNamespace ns, Endpoint.Family family) throws Exception {
            ns.linkUp("lo");
            KernelSocket listener = ns.call(() -> KernelSocket.open(family));
            KernelSocket client = ns.call(() -> KernelSocket.open(family));
            listener.bind(new Endpoint(family.loopback(), 0));
            listener.listen(1);
            client.connect(listener.localEndpoint());
            return new Pair(listener, client, listener.accept(WAIT));
        }

        @Override
        public void close() throws SyscallException {
            try (listener; client; server) {
                // try-with-resources closes all three, server first, and keeps every error.
            }
        }
    }
}

package io.finack.wire;

import io.finack.sandbox.Sandbox;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import io.finack.testing.Privileged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Injection and capture on lo in a fresh namespace, against a real kernel listener. */
@Privileged
class LoopbackWireTest {
    private record Seen(long nanos, TcpFrame frame) {
    }

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void injectedFramesReachTheKernelAndBothDirectionsAreCapturedOnce(Endpoint.Family family) throws Exception {
        Endpoint kernel = new Endpoint(family.loopback(), 8000);
        Endpoint harness = new Endpoint(family.loopback(), 40000);
        try (Sandbox sandbox = Sandbox.open(new SandboxSpec(SandboxSpec.Mode.FRESH, "wire-test", Set.of(harness.port()),
                OptionalInt.empty()))) {
            ServerSocket server = sandbox.namespace().call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(kernel.address(), kernel.port()));
                return s;
            });
            LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
            Sniffer sniffer = sandbox.namespace().call(Sniffer::open);
            try {
                sandbox.namespace().startThread(() -> sniffer.loop(
                        (nanos, raw) -> seen.add(new Seen(nanos, FrameCodec.decodeEthernet(raw).orElseThrow()))), "capture");
                TcpFrame syn = new TcpFrame(harness, kernel, Segment.builder().flags(Flags.SYN_ONLY).seq(7)
                        .options(new TcpOption.Mss(1460)).build());
                sniffer.injector().send(FrameCodec.encode(syn));
                Seen ours = seen.poll(5, TimeUnit.SECONDS);
                Seen reply = seen.poll(5, TimeUnit.SECONDS);
                assertNotNull(reply, "the kernel answered the injected SYN");
                assertEquals(syn, ours.frame());
                assertEquals(Flags.SYN_ACK, reply.frame().segment().flags());
                assertEquals(8, reply.frame().segment().ack());
                assertTrue(reply.frame().reverseOf(syn));
                assertTrue(reply.nanos() >= ours.nanos(), "capture timestamps follow the exchange");

                // A prepared frame whose ack is patched in must carry a valid checksum: the
                // kernel completes the handshake with it (and so sends nothing back).
                PreparedFrame ack = PreparedFrame.of(new TcpFrame(harness, kernel,
                        Segment.builder().flags(Flags.ACK_ONLY).seq(8).ack(0).build()));
                sniffer.injector().send(ack.withAck(reply.frame().segment().seq() + 1));
                Seen completing = seen.poll(5, TimeUnit.SECONDS);
                assertEquals(reply.frame().segment().seq() + 1, completing.frame().segment().ack());
                server.setSoTimeout(5000);
                server.accept().close();
                // The accepted socket's close sends a FIN: proof the handshake completed.
                Seen fin = seen.poll(5, TimeUnit.SECONDS);
                assertEquals(Flags.FIN_ACK, fin.frame().segment().flags());
                assertNull(seen.poll(50, TimeUnit.MILLISECONDS), "no frame is captured twice: " + seen);
            } finally {
                sniffer.close();
                server.close();
            }
        }
    }
}

package io.finack.wire;

import io.finack.sandbox.NetNamespace;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

@Privileged
class LoopbackSmokeTest {
    @Test
    void injectedSynGetsSynAck() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("smoke")) {
            ns.linkUp("lo");
            ns.call(() -> {
                for (String k : new String[] {"lo/route_localnet", "lo/accept_local", "all/route_localnet", "all/accept_local"}) {
                    Files.writeString(Path.of("/proc/sys/net/ipv4/conf/" + k), "1");
                }
                return null;
            });
            ServerSocket server = ns.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress("127.0.0.1", 8000));
                return s;
            });
            LinkedBlockingQueue<CapturedFrame> frames = new LinkedBlockingQueue<>();
            Sniffer sniffer = ns.call(() -> Sniffer.open(frames::add));
            ns.startThread(sniffer::loop, "sniffer");
            Injector injector = ns.call(Injector::open);
            Endpoint harness = Endpoint.of("127.0.0.1", 40000);
            Endpoint kernel = Endpoint.of("127.0.0.1", 8000);
            long t0 = System.nanoTime();
            injector.send(new TcpFrame(harness, kernel, Segment.builder().flags(Flags.SYN_ONLY).seq(0)
                    .options(new TcpOption.Mss(1460)).build()));
            CapturedFrame ours = frames.poll(2, TimeUnit.SECONDS);
            CapturedFrame reply = frames.poll(2, TimeUnit.SECONDS);
            System.out.println("ours " + ours + "\nreply " + reply + "\n took " + (System.nanoTime() - t0) / 1000 + " us");
            assertNotNull(reply);
            assertEquals(Flags.SYN_ACK, reply.tcp().segment().flags());
            assertEquals(1, reply.tcp().segment().ack());
            sniffer.close();
            injector.close();
            server.close();
        }
    }
}

package io.finack.experiment;

import io.finack.kernel.KernelAccount;
import io.finack.kernel.KernelSocket;
import io.finack.kernel.Libc;
import io.finack.kernel.NetCounters;
import io.finack.sandbox.Sandbox;
import io.finack.sandbox.SandboxSpec;
import io.finack.sandbox.TraceInstance;
import io.finack.tcp.Endpoint;
import io.finack.testing.Privileged;
import io.finack.testing.TraceBuilder;
import io.finack.wire.CapturedFrame;
import io.finack.wire.FrameCodec;
import io.finack.wire.PacketSocket;
import io.finack.wire.TcpFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A SYN with a bad TCP checksum, injected on purpose to a listener: the kernel drops it before
 * any socket sees it. Its drop reason (where tracefs can be had: the test says which it ran)
 * and the checksum counter (always) say so.
 */
@Privileged
class BadChecksumDropLiveTest {
    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void aSegmentWithABadChecksumIsDroppedAsTcpCsum(Endpoint.Family family) throws Exception {
        Endpoint kernel = new Endpoint(family.loopback(), 8080);
        Endpoint harness = new Endpoint(family.loopback(), 40000);
        DropTrace trace = null;
        try {
            trace = DropTrace.open();
        } catch (TraceInstance.Unavailable e) {
            System.out.println("bad checksum " + family + ": drop reasons not traced here (" + e.getMessage()
                    + "); only the counter is checked");
        }
        try (Sandbox sandbox = Sandbox.open(new SandboxSpec(SandboxSpec.Mode.FRESH, "badsum-" + family, Set.of(),
                OptionalInt.empty()))) {
            DropTrace traced = trace;
            sandbox.namespace().call(() -> {
                try (KernelSocket listener = KernelSocket.open(family); PacketSocket lo = PacketSocket.openLoopback()) {
                    listener.reuseAddress(true);
                    listener.bind(kernel);
                    listener.listen(4);
                    byte[] raw = FrameCodec.encode(new TcpFrame(harness, kernel, TraceBuilder.syn(1000)));
                    // The TCP checksum: 16 bytes into the TCP header, after Ethernet and IP.
                    raw[14 + (family == Endpoint.Family.IPV4 ? 20 : 40) + 16] ^= 0x5a;
                    NetCounters before = NetCounters.read();
                    long sent = PlanRunner.wallNanos();
                    lo.send(raw, raw.length);
                    Map<String, Long> moved = new KernelAccount.Counters(KernelAccount.Scope.REPETITION, 0,
                            before.deltaTo(NetCounters.read())).moved();
                    assertEquals(1L, moved.get("TcpInCsumErrors"), moved::toString);
                    if (traced != null) {
                        CapturedFrame frame = new CapturedFrame(1, sent, raw, FrameCodec.decodeEthernet(raw).orElseThrow());
                        List<KernelAccount.Drop> drops = traced.drops(List.of(frame), harness,
                                Map.of(Libc.C.gettid(), Set.of(1L)));
                        System.out.println("bad checksum " + family + ": traced, " + drops);
                        assertEquals(List.of("TCP_CSUM"), drops.stream().map(KernelAccount.Drop::reason).toList());
                    }
                }
                return null;
            });
        } finally {
            if (trace != null) {
                trace.close();
            }
        }
    }
}

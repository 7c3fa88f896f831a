package io.finack.script;

import io.finack.experiment.Experiment;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * packetdrill's packet features against the live kernel (ECN codepoints and flags, TTL, TCP
 * Fast Open cookies, MD5, ICMP errors, TS ticks, segment aggregation), in a fresh namespace
 * each: every script under {@code packet/pass/} passes on both families (or on the one its
 * name ends with), every one under {@code packet/fail/} fails at its line in packetdrill's
 * words, checked against the real packetdrill on the same scripts (docs/packet-features.md).
 */
@Privileged
class PacketFeaturesLiveTest {
    private static final Path SCRIPTS = Path.of("src/test/resources/io/finack/script/packet");

    static Stream<Arguments> passingScripts() throws IOException {
        try (Stream<Path> files = Files.list(SCRIPTS.resolve("pass"))) {
            return files.sorted().toList().stream().flatMap(f -> Stream.of(Endpoint.Family.values())
                    .filter(family -> fits(f.getFileName().toString(), family))
                    .map(family -> Arguments.of(f.getFileName().toString(), family)));
        }
    }

    private static boolean fits(String file, Endpoint.Family family) {
        if (file.endsWith("-ipv4.pkt")) {
            return family == Endpoint.Family.IPV4;
        }
        return !file.endsWith("-ipv6.pkt") || family == Endpoint.Family.IPV6;
    }

    private static ExperimentResult run(Path script, Endpoint.Family family, Optional<Path> out) throws Exception {
        Experiment experiment = ScriptExperiment.fromFile(script, ScriptLiveTest.LENIENT);
        try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, out)) {
            return runner.run(experiment, family);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("passingScripts")
    void passes(String file, Endpoint.Family family) throws Exception {
        ExperimentResult result = run(SCRIPTS.resolve("pass").resolve(file), family, Optional.empty());
        assertEquals(ExperimentResult.Outcome.PASS, result.outcome(), result.reason().orElse("") + "\nframes:\n"
                + String.join("\n", result.frames().stream().map(Object::toString).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong-ecn-codepoint.pkt | 12 | data: frame #4 live packet field ip_ecn: expected: 1 (0x1) vs actual: 2 (0x2)
            missing-ece.pkt         | 8  | SYN/ACK: frame #2 live packet field tcp_ece: expected: 1 (0x1) vs actual: 0 (0x0)
            wrong-ttl.pkt           | 7  | SYN/ACK: frame #2 live packet field ttl: expected: 9 (0x9) vs actual: 64 (0x40)
            wrong-cookie.pkt        | 8  | bad value in outbound TCP option (kind=34): expected: FO deadbeefdeadbeef actual: FO 9609976ee4a2284d
            wrong-ts-tick.pkt       | 12 | bad outbound TCP timestamp value, tolerance 100000
            unknown-ts-ecr.pkt      | 9  | unable to infer live TS ecr for script TS ecr 999;  no matching or preceding outbound TS val
            icmp-other-family.pkt   | 8  | bad ICMP type packet_too_big (on IPv4)
            strict-segments.pkt     | 13 | data: frame #4 tcp flags: expected P. vs actual .
            """)
    void failsAtTheLineInPacketdrillsWords(String file, int line, String message) throws Exception {
        ExperimentResult result = run(SCRIPTS.resolve("fail").resolve(file), Endpoint.Family.IPV4, Optional.empty());
        String reason = result.reason().orElse("");
        assertEquals(ExperimentResult.Outcome.FAIL, result.outcome(), reason);
        assertTrue(reason.startsWith(file + ":" + line + ": "), reason);
        assertTrue(reason.contains(message), reason);
    }

    /** packetdrill's flow label map, on IPv6: a new script label needs a new kernel label. */
    @Test
    void aChangedFlowLabelFailsOnIpv6() throws Exception {
        ExperimentResult result = run(SCRIPTS.resolve("fail").resolve("flowlabel-changed.pkt"), Endpoint.Family.IPV6, Optional.empty());
        String reason = result.reason().orElse("");
        assertTrue(reason.startsWith("flowlabel-changed.pkt:11: "), reason);
        assertTrue(reason.contains("expected a different flowlabel but got the same"), reason);
    }

    /** The ICMP error goes into the pcap between the segment it quotes and the kernel's answer, and into the ladder. */
    @Test
    void theIcmpErrorIsInThePcapAndTheLadder(@TempDir Path out) throws Exception {
        ExperimentResult result = run(SCRIPTS.resolve("pass").resolve("icmp-frag-needed-ipv4.pkt"), Endpoint.Family.IPV4,
                Optional.of(out));
        assertEquals(ExperimentResult.Outcome.PASS, result.outcome(), result.reason().orElse(""));
        assertEquals(1, result.icmp().size());
        ExperimentResult.IcmpLine icmp = result.icmp().get(0);
        assertEquals("icmp unreachable frag_needed mtu 1200", icmp.text());
        assertEquals("harness", icmp.from());
        assertEquals(5, icmp.number(), "after the handshake and the data it quotes");
        java.util.List<byte[]> frames = pcapRecords(result.pcap().orElseThrow());
        assertEquals(result.frames().size() + 1, frames.size());
        assertEquals(io.finack.wire.IcmpCodec.PROTO_ICMP, frames.get(4)[14 + 9], "frame 5 of the pcap is the ICMP error");
        String ladder = new io.finack.ladder.LadderText(io.finack.ladder.Palette.PLAIN).render(io.finack.ladder.Ladders.ofRun(result,
                ScriptExperiment.fromFile(SCRIPTS.resolve("pass").resolve("icmp-frag-needed-ipv4.pkt"), ScriptLiveTest.LENIENT)
                        .plan(Endpoint.Family.IPV4)));
        assertTrue(ladder.contains("icmp unreachable frag_needed"), ladder);
    }

    /** The frames of a pcap file as written (24-byte file header, 16-byte record headers, little-endian). */
    private static java.util.List<byte[]> pcapRecords(Path pcap) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(pcap)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.List<byte[]> records = new java.util.ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            b.position(b.position() + 8);
            int captured = b.getInt();
            b.getInt();
            byte[] data = new byte[captured];
            b.get(data);
            records.add(data);
        }
        return records;
    }
}

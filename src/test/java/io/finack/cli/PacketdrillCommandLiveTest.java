package io.finack.cli;

import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack packetdrill} on finack's own packetdrill scripts (src/test/resources/.../packetdrill):
 * a folder runs every script in run_all.py's variants, each in namespaces of its own, and each
 * passes: tun0 carries the traffic (a route's advmss, tun0's MTU and a qdisc change what the
 * kernel sends), packetdrill's addresses map in socket addresses and shell lines, defines and
 * multi-line shell lines work, the kernel ISN is learned per socket, the peer's numbers count
 * from its ISN (a listener's first SYN, a connect's SYN/ACK), a second connect while the first
 * holds the port comes from another, urg N and '-' flags go both ways. Wrong scripts fail at
 * their line with packetdrill's wording and exit status 1. A 100 ms tolerance: these assert
 * what the kernel sends, on a loaded 2-vCPU machine.
 */
@Privileged
class PacketdrillCommandLiveTest {
    private static final Path SCRIPTS = Path.of("src/test/resources/io/finack/packetdrill");

    @TempDir
    Path folder;

    @Test
    void aFolderRunsEveryScriptInRunAllsVariantsAndKeepsEachRunsPcap() throws Exception {
        Path junit = folder.resolve("junit.xml");
        Path out = folder.resolve("captures");
        CliOutcome o = CliOutcome.of("packetdrill", "--tolerance_usecs=100000", "--jobs", "2", "--ktap", "--junit", junit.toString(), "--out",
                out.toString(), "-D", "BACKLOG=1", "-D", "PEER_MSS=1000", SCRIPTS.resolve("suite").toString());
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        List<String> results = o.out().lines().filter(l -> l.startsWith("ok ") || l.startsWith("not ok ")).toList();
        assertEquals(34, results.size(), o.out());
        assertTrue(results.stream().allMatch(l -> l.startsWith("ok ")), o.out());
        assertTrue(o.out().contains("suite/route-advmss-v4.pkt (ipv4-mapped-ipv6)"), o.out());
        assertTrue(o.out().contains("suite/route-advmss-v6.pkt (ipv6)"), o.out());
        assertTrue(!o.out().contains("route-advmss-v6.pkt (ipv4)") && !o.out().contains("route-advmss-v4.pkt (ipv6)"), o.out());
        assertTrue(o.out().endsWith("# Totals: pass:34 fail:0 xfail:0 xpass:0 skip:0 error:0\n"), o.out());
        String xml = Files.readString(junit);
        assertTrue(xml.contains("tests=\"34\" failures=\"0\""), xml);
        Path run = out.resolve(SCRIPTS.resolve("suite").toString().replaceFirst("^/", "")).resolve("qdisc-drop-ipv6");
        assertTrue(Files.size(Path.of(run + ".pcap")) > 24, run + ".pcap");
        assertTrue(Files.readString(Path.of(run + ".json")).contains("\"outcome\""), run + ".json");
        JsonSchemas.RUN.assertValid(Files.readString(Path.of(run + ".json")));
    }

    @Test
    void wrongScriptsFailAtTheirLineWithPacketdrillsWording() {
        String fail = SCRIPTS.resolve("fail").toString();
        CliOutcome o = CliOutcome.of("packetdrill", "--tolerance_usecs=100000", "--no-pcap", "--ip_version=ipv4", fail);
        assertEquals(ExitStatus.UNEXPECTED, o.status(), o.toString());
        List<String> errors = o.err().lines().filter(l -> l.contains(": error: ")).sorted().toList();
        assertEquals(List.of(
                fail + "/isn-time-wait-reuse.pkt:16: error: SYN/ACK: frame #8 tcp_seq: expected 0 vs actual 65539",
                fail + "/peer-isn-wrong-ack.pkt:8: error: ACK: frame #3 tcp_ack_seq: expected 124 vs actual 1",
                fail + "/refused-option.pkt:1: error: option --speed is not supported by finack: the link speed is tun's, "
                        + "and finack's tun0 is a veth pair",
                fail + "/urgent-wrong.pkt:17: error: data: frame #7 tcp_urg_ptr: expected 5 vs actual 10",
                fail + "/wrong-ack.pkt:8: error: SYN/ACK: frame #2 tcp_ack_seq: expected 2 vs actual 1"), errors);
        assertTrue(o.out().startsWith("finack packetdrill: 5 runs: 0 passed, 5 failed"), o.out());
    }

    @Test
    void oneScriptRunsLikePacketdrillSilentWhenItPasses() throws Exception {
        try (Stream<Path> none = Files.list(folder)) {
            assertEquals(0, none.count());
        }
        CliOutcome o = CliOutcome.of("packetdrill", "--tolerance_usecs=100000", "--out", folder.toString(), "--ip_version=ipv6", "--mtu=1520",
                SCRIPTS.resolve("suite/route-advmss-v6.pkt").toString());
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.out(), o.toString());
    }
}

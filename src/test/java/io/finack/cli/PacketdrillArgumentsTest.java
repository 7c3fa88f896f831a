package io.finack.cli;

import io.finack.script.Script;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** packetdrill's command line as getopt_long reads it, with finack's own options beside it. */
class PacketdrillArgumentsTest {
    @Test
    void runAllsIpv4ArgumentsBecomeSettingsAndDefines() throws CliException {
        PacketdrillArguments a = PacketdrillArguments.parse(new String[] {"--send_omit_free", "--ip_version=ipv4",
            "--local_ip=192.168.0.1", "--mtu", "1520", "-D", "TFO_COOKIE=3021b9d889017eeb", "-DCODE=host_unreachable",
            "--define=X=1", "-v", "--ktap", "--junit", "out.xml", "--jobs=2", "x.pkt"});
        assertEquals(List.of(new Script.Setting("send_omit_free", "", 0), new Script.Setting("ip_version", "ipv4", 0),
                new Script.Setting("local_ip", "192.168.0.1", 0), new Script.Setting("mtu", "1520", 0),
                new Script.Setting("verbose", "", 0)), a.invocation().options());
        assertEquals(Map.of("TFO_COOKIE", "3021b9d889017eeb", "CODE", "host_unreachable", "X", "1"), a.invocation().defines());
        assertTrue(a.ipVersionGiven() && a.ktap() && a.verbose());
        assertEquals(Optional.of(Path.of("out.xml")), a.junit());
        assertEquals(2, a.jobs());
        assertEquals(List.of("x.pkt"), a.paths());
    }

    @Test
    void anOptionFinackCannotHonourIsRefusedByName() {
        assertEquals("option --non_fatal is not supported by finack: finack stops a run at its first failure",
                assertThrows(CliException.class, () -> PacketdrillArguments.parse(new String[] {"--non_fatal=packet", "x.pkt"}))
                        .getMessage());
        assertEquals("bad --tolerance_percent: 200 (a percentage, 0 to 100)", assertThrows(CliException.class,
                () -> PacketdrillArguments.parse(new String[] {"--tolerance_percent=200", "x.pkt"})).getMessage());
        assertEquals("bad definition: NOEQUALS (-D NAME=VALUE)", assertThrows(CliException.class,
                () -> PacketdrillArguments.parse(new String[] {"-D", "NOEQUALS", "x.pkt"})).getMessage());
        assertEquals("no script given (usage: " + PacketdrillArguments.SYNOPSIS + ")", assertThrows(CliException.class,
                () -> PacketdrillArguments.parse(new String[] {"-v"})).getMessage());
    }

    @Test
    void failureTextIsPacketdrillsFileLineError() {
        assertEquals("close/x.pkt:12: error: SYN/ACK: frame #2 tcp_seq: expected 0 vs actual 5",
                PacketdrillCommand.packetdrillText("close/x.pkt", "x", "x.pkt:12: SYN/ACK: frame #2 tcp_seq: expected 0 vs actual 5"));
        assertEquals("x.pkt: error: path verdict NO_STALE_ACK, expected FAST_RETRY",
                PacketdrillCommand.packetdrillText("x.pkt", "x", "path verdict NO_STALE_ACK, expected FAST_RETRY"));
    }
}

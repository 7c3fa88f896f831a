package io.finack.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack packetdrill --dry_run}: every script of a folder read and translated, nothing run (no root needed). */
class PacketdrillCommandTest {
    private static final String SUITE = "src/test/resources/io/finack/packetdrill/suite";

    @Test
    void aDryRunReadsEveryScriptInEveryVariantWithTheDefines() {
        CliOutcome o = CliOutcome.of("packetdrill", "--dry_run", "-D", "BACKLOG=1", "-D", "PEER_MSS=1000", SUITE);
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertTrue(o.out().startsWith("finack packetdrill: 34 runs: 34 passed, 0 failed"), o.out());
    }

    @Test
    void aWordNoDefineStandsForFailsAtItsLineAsPacketdrillSaysIt() {
        CliOutcome o = CliOutcome.of("packetdrill", "--dry_run", "--ip_version=ipv4", "-D", "BACKLOG=1",
                SUITE + "/shell-and-defines.pkt");
        assertEquals(ExitStatus.UNEXPECTED, o.status(), o.toString());
        assertEquals(SUITE + "/shell-and-defines.pkt:12: error: expected the MSS, not 'PEER_MSS'\n", o.err());
    }

    @Test
    void finackRunOfAFolderIsFinackPacketdrill() {
        CliOutcome o = CliOutcome.of("run", "--dry_run", "-D", "BACKLOG=1", "-D", "PEER_MSS=1000", SUITE);
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertTrue(o.out().startsWith("finack packetdrill: 34 runs: 34 passed"), o.out());
    }

    @Test
    void aMissingScriptOrAnUnknownOptionIsAUsageError() {
        CliOutcome.assertUsageError("finack: none.pkt: no such file or folder", "packetdrill", "none.pkt");
        CliOutcome.assertUsageError("finack: unknown option --no_such (packetdrill's options: --ip_version, --local_ip, "
                + "--remote_ip, --gateway_ip, --netmask_ip, --bind_port, --connect_port, --mtu, --tolerance_usecs, "
                + "--tolerance_percent, --tcp_ts_tick_usecs, --tcp_ts_ecr_scaled, --strict_segments, --send_omit_free, "
                + "--dry_run, --verbose, --define, --init_scripts, --mss, --speed, --non_fatal, --code_command, "
                + "--code_format, --code_sockopt, --wire_client, --wire_server, --wire_server_ip, --wire_server_at, "
                + "--wire_server_port, --wire_client_dev, --wire_server_dev, --so_filename, --so_flags, --is_anyip, "
                + "--psp_udp_port, --debug)", "packetdrill", "--no_such", "x.pkt");
    }
}

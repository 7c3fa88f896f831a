package io.finack.cli;

import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.finack.cli.CliOutcome.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack run FILE.pkt}: bad scripts are usage errors with their place; good ones run. */
class RunScriptTest {
    private static final Path PASSING = Path.of("src/test/resources/io/finack/script/pass/handshake-active.pkt");
    private static final Path FAILING = Path.of("src/test/resources/io/finack/script/fail/wrong-ack.pkt");

    @TempDir
    Path folder;


    @Test
    void aMalformedScriptIsAUsageErrorAtItsLineAndColumn() throws Exception {
        Path bad = Files.writeString(folder.resolve("bad.pkt"), "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 > S 0:0(0 <...>\n");
        assertUsageError("finack: " + bad + ":2:14: expected ')' after the payload length, not '<'", "run", bad.toString());
        Path python = Files.writeString(folder.resolve("python.pkt"), "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n%{\nx = 1\n}%\n");
        assertUsageError("finack: " + python + ":2:1: a python block is an event: it needs its time (+0 %{ ... }%)",
                "run", python.toString());
    }

    @Test
    void aMissingOrUnreadableScriptIsAUsageError() throws Exception {
        assertUsageError("finack: " + folder.resolve("none.pkt") + ": no such file", "run", folder.resolve("none.pkt").toString());
        assertUsageError("finack: " + folder + "/: no .pkt script below this folder", "run", folder + "/");
        Path binary = Files.write(folder.resolve("binary.pkt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertUsageError("finack: " + binary + ": not a UTF-8 text file", "run", binary.toString());
    }

    @Test
    void badToleranceOrMtuIsAUsageError() {
        String message = "finack: --tolerance_usecs takes microseconds >= 0, --tolerance_percent 0 to 1000, --mtu 1280 to 65516";
        assertUsageError(message, "run", PASSING.toString(), "--tolerance_usecs", "-1");
        assertUsageError(message, "run", PASSING.toString(), "--tolerance_percent", "lots");
        assertUsageError(message, "run", PASSING.toString(), "--mtu", "576");
    }

    @Test
    @Privileged
    void aPassingScriptExitsZeroOnBothFamiliesAndAFailingOneOne() {
        CliOutcome pass = CliOutcome.of("run", PASSING.toString(), "--family", "both", "--no-pcap",
                "--tolerance_usecs", "100000");
        assertEquals(ExitStatus.OK, pass.status(), pass.toString());
        assertTrue(pass.out().contains("PASS  handshake-active"), pass.out());
        assertTrue(pass.out().contains("ipv6"), pass.out());
        CliOutcome fail = CliOutcome.of("run", FAILING.toString(), "--no-pcap");
        assertEquals(ExitStatus.UNEXPECTED, fail.status(), fail.toString());
        assertTrue(fail.out().contains("wrong-ack.pkt:7: SYN/ACK: frame #2 tcp_ack_seq: expected 2 vs actual 1"),
                fail.out());
        CliOutcome failJson = CliOutcome.of("run", FAILING.toString(), "--no-pcap", "--json");
        assertEquals(ExitStatus.UNEXPECTED, failJson.status(), failJson.toString());
        JsonSchemas.RUN.assertValid(failJson.out());
        assertTrue(failJson.out().contains("\"outcome\" : \"FAIL\""), failJson.out());
    }
}

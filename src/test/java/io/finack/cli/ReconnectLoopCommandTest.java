package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.finack.cli.CliOutcome.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack run reconnect-loop} as users meet it: options, usage errors, the report. */
class ReconnectLoopCommandTest {
    @Test
    void helpNamesEveryOption() {
        CliOutcome o = CliOutcome.of("run", "reconnect-loop", "--help");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        for (String option : List.of("--connections", "--duration", "--threshold", "--max-spikes", "--json", "--out",
                "--no-pcap", "--ipv6", "--family", "--netns")) {
            assertTrue(o.out().contains(option), option + " missing: " + o.out());
        }
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        assertUsageError("finack: --connections and --duration are alternatives; give one",
                "run", "reconnect-loop", "--connections", "5", "--duration", "1");
        assertUsageError("finack: --connections must be a whole number from 1 to 2147483647, not '0'",
                "run", "reconnect-loop", "--connections", "0");
        assertUsageError("finack: --connections must be a whole number from 1 to 2147483647, not 'many'",
                "run", "reconnect-loop", "--connections", "many");
        assertUsageError("finack: --duration must be a number of seconds > 0, not '-3'", "run", "reconnect-loop", "--duration", "-3");
        assertUsageError("finack: --threshold must be a number, not '1s'", "run", "reconnect-loop", "--threshold", "1s");
        assertUsageError("finack: --threshold must be a number of milliseconds >= 0, not '-1'", "run", "reconnect-loop", "--threshold", "-1");
        assertUsageError("finack: --max-spikes must be a whole number from 0 to 1000, not '-1'", "run", "reconnect-loop", "--max-spikes", "-1");
        assertUsageError("finack: --max-spikes must be a whole number from 0 to 1000, not '5000'", "run", "reconnect-loop", "--max-spikes", "5000");
        assertUsageError("finack: --family must be ipv4, ipv6 or both, not 'ipx'", "run", "reconnect-loop", "--family", "ipx");
        assertUsageError("finack: reconnect-loop takes no names, only options: [syn-retry]", "run", "reconnect-loop", "syn-retry");
        assertUsageError("finack: reconnect-loop runs on its own, as the first name: finack run reconnect-loop [OPTIONS] "
                + "(see finack run reconnect-loop --help)", "run", "syn-retry", "reconnect-loop");
    }

    @Test
    void showDescribesTheLoopCallByCall() {
        CliOutcome o = CliOutcome.of("show", "reconnect-loop", "--ipv6");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertTrue(o.out().contains("bind(5, [::1]:40000)"), o.out());
        assertTrue(o.out().contains("SO_LINGER, {onoff=1, linger=0}"), o.out());
    }

    @Test
    @Privileged
    void bothFamiliesGoToOneJsonReportWhoseOutcomeIsTheExitStatus(@TempDir Path out) throws Exception {
        CliOutcome o = CliOutcome.of("run", "reconnect-loop", "--connections", "300", "--family", "both", "--json",
                "--out", out.toString());
        assertEquals("", o.err(), o.toString());
        JsonNode report = new ObjectMapper().readTree(o.out());
        JsonSchemas.RECONNECT_LOOP.assertValid(o.out());
        assertEquals(1, report.path("schema").asInt());
        JsonNode loops = report.path("loops");
        assertEquals(2, loops.size(), o.out());
        assertEquals("ipv4", loops.get(0).path("family").asText());
        assertEquals("ipv6", loops.get(1).path("family").asText());
        boolean pass = true;
        for (JsonNode loop : loops) {
            assertEquals(300, loop.path("connections").asInt(), o.out());
            assertEquals(loop.path("syns_sent").asInt(), loop.path("capture").path("connections_seen").asInt(), o.out());
            assertEquals(300 - loop.path("failed").asInt(), loop.path("connect_ms").path("count").asInt(), o.out());
            assertTrue(loop.path("connect_ms").path("median").asDouble() > 0, o.out());
            assertEquals(500.0, loop.path("threshold_ms").asDouble());
            pass &= loop.path("outcome").asText().equals("PASS");
            // Whatever this kernel flagged has its window, and each window its pcap in the run's folder.
            for (JsonNode flagged : loop.path("flagged")) {
                assertTrue(Files.isRegularFile(Path.of(flagged.path("window").path("pcap").asText())), flagged.toString());
            }
        }
        assertEquals(pass ? ExitStatus.OK : ExitStatus.UNEXPECTED, o.status(), o.toString());
        try (Stream<Path> runs = Files.list(out)) {
            Path run = runs.findFirst().orElseThrow();
            assertEquals(o.out(), Files.readString(run.resolve("report.json")));
        }
    }
}

package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.finack.cli.CliOutcome.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack run race}: its usage errors, found before anything runs (no privilege needed),
 * and one short live run's report.
 */
class RaceCommandTest {
    @Test
    void cpusMustBeTwoDifferentCpusOfThisMachine() {
        int last = Runtime.getRuntime().availableProcessors() - 1;
        String expected = "--cpus must be two different CPU numbers from 0 to " + last + ", like 0,1, not '%s'";
        for (String bad : new String[] {"0,0", "0", "0,1,2", "a,b", "-1,0", "0," + (last + 1)}) {
            assertUsageError("finack: " + String.format(expected, bad), "run", "race", "--cpus", bad);
        }
    }

    @Test
    void badVariantRepeatOrExtraNamesAreUsageErrors() {
        assertUsageError("finack: --variant must be fin, rst or both, not 'syn'", "run", "race", "--variant", "syn");
        assertUsageError("finack: --repeat must be a whole number >= 1, not '0'", "run", "race", "--repeat", "0");
        for (String bad : new String[] {"x", "1000.5", "-2000"}) {
            assertUsageError("finack: --offset-us must be a number of microseconds from -1000 to 1000, not '" + bad + "'",
                    "run", "race", "--offset-us", bad);
        }
        assertUsageError("finack: run race takes no other experiment names: [syn-retry]", "run", "race", "syn-retry");
        assertUsageError("finack: race runs on its own, as the first name: finack run race [OPTIONS] (see finack run "
                + "race --help)", "run", "syn-retry", "race");
        assertUsageError("finack: --ipv6 and --family are alternatives; give one", "run", "race", "--ipv6",
                "--family", "ipv4");
    }

    @Test
    void showPrintsOneIterationWithTheTwoSegmentsSentAtOnce() {
        CliOutcome o = CliOutcome.of("show", "race", "--ipv6");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        List<String> lines = o.out().lines().toList();
        for (String line : List.of("bind(3, [::1]:8080) = 0", "close(4) = 0", "> F. 1:1(0) ack 1000001 <...>   // FIN",
                "< . 1000001:1000001(0) ack 2 win 65535   // CPU 0  } at once: two threads",
                "< F. 1000001:1000001(0) ack 2 win 65535   // CPU 1  } released by a spin barrier",
                "> . 2:2(0) ack 1000001 <...>   // stale ACK")) {
            assertTrue(lines.contains(line), line + " missing: " + o.out());
        }
    }

    @Test
    void helpDescribesTheRaceAndItsOptions() {
        CliOutcome o = CliOutcome.of("run", "race", "--help");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        for (String option : new String[] {"--variant", "--repeat", "--cpus", "--offset-us", "--realtime", "--no-control", "--json", "--out",
                "--no-pcap", "--ipv6", "--family"}) {
            assertTrue(o.out().contains(option), option + " missing: " + o.out());
        }
    }

    @Privileged
    @Test
    void aShortRunWritesItsJsonReportAndThePcapOfItsHits(@TempDir Path out) throws IOException {
        CliOutcome o = CliOutcome.of("run", "race", "--variant", "both", "--repeat", "200", "--out", out.toString(), "--json");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        JsonSchemas.RACE.assertValid(o.out());
        assertEquals(1, doc.get("schema").asInt());
        assertEquals("race", doc.get("experiment").asText());
        assertEquals(2, doc.get("runs").size());
        List<Path> folders;
        try (Stream<Path> list = Files.list(out)) {
            folders = list.toList();
        }
        assertEquals(1, folders.size(), folders.toString());
        assertEquals(doc, new ObjectMapper().readTree(folders.get(0).resolve("report.json").toFile()));
        for (JsonNode run : doc.get("runs")) {
            List<String> deliveries = new ArrayList<>();
            for (JsonNode d : run.get("deliveries")) {
                deliveries.add(d.get("delivery").asText());
                assertEquals(d.get("iterations").asInt(), d.get("skew_us").get("count").asInt(), d.toString());
                assertEquals(0, d.get("outcomes").get("HARNESS_ERROR").asInt(), d.toString());
                assertTrue(d.get("hit_rate").get("upper_bound_95").asDouble() > 0, d.toString());
            }
            assertEquals(List.of("concurrent", "ack-first", "close-first"), deliveries);
            Path hits = folders.get(0).resolve("race-" + run.get("closing").asText() + "-ipv4-hits.pcap");
            assertEquals(run.get("hits").size() > 0, Files.exists(hits), run.get("conclusion").asText());
        }
    }
}

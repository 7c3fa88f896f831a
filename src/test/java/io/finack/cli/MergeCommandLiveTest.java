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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack merge} on two real reports, each written by a live {@code finack run syn-retry --out DIR --json}. */
@Privileged
class MergeCommandLiveTest {
    @TempDir
    Path dir;

    private Path run(String folder) throws Exception {
        Path out = dir.resolve(folder);
        CliOutcome o = CliOutcome.of("run", "syn-retry", "--out", out.toString(), "--json");
        // 1 when the kernel took the 1 s path (before 5.6): still a report to merge.
        assertTrue(o.status() == ExitStatus.OK || o.status() == ExitStatus.UNEXPECTED, o.toString());
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().equals("report.json")).toList();
            assertEquals(1, reports.size(), reports.toString());
            return reports.get(0);
        }
    }

    @Test
    void twoLiveReportsMergeIntoTwoRowsWithTheirVerdictsAndTimings() throws Exception {
        Path first = run("first");
        Path second = run("second");
        ObjectMapper mapper = new ObjectMapper();
        JsonNode report = mapper.readTree(first.toFile());
        JsonSchemas.RUN.assertValid(java.nio.file.Files.readString(first));
        String hostname = report.get("hostname").asText();
        String kernel = report.get("kernel").asText();
        String verdict = report.get("experiments").get(0).get("verdict").asText();

        CliOutcome text = CliOutcome.of("merge", first.toString(), second.toString());
        assertEquals(ExitStatus.OK, text.status(), text.toString());
        String[] lines = text.out().split("\n");
        assertTrue(lines[0].matches("node +kernel +syn-retry ipv4"), text.out());
        assertTrue(lines[1].startsWith(hostname) && lines[1].contains(kernel), text.out());
        String fail = report.get("experiments").get(0).get("outcome").asText().equals("PASS") ? "" : " FAIL";
        assertTrue(lines[1].matches(".*  " + verdict + " [0-9.]+ ms" + fail), text.out());
        assertTrue(lines[2].matches(".*  " + verdict + " [0-9.]+ ms( FAIL)?"), text.out());
        assertEquals("", lines[3], text.out());
        // 5.6+ kernels take the fast retry, older ones the 1 s path; either way both runs land on the same line.
        String label = verdict.equals("FAST_RETRY") ? "fast retry (syn-retry FAST_RETRY)" : "1 s path (syn-retry RTO_RETRY)";
        assertTrue(text.out().contains(label + ": 2 reports: " + hostname + " (" + kernel + ")\n"), text.out());

        CliOutcome json = CliOutcome.of("merge", "--json", first.toString(), second.toString());
        assertEquals(ExitStatus.OK, json.status(), json.toString());
        JsonSchemas.MERGE.assertValid(json.out());
        JsonNode nodes = mapper.readTree(json.out()).get("nodes");
        assertEquals(2, nodes.size());
        for (int i = 0; i < 2; i++) {
            JsonNode run = mapper.readTree((i == 0 ? first : second).toFile()).get("experiments").get(0);
            JsonNode merged = nodes.get(i).get("experiments").get(0);
            assertEquals(run.get("verdict"), merged.get("verdict"));
            assertEquals(run.get("intervals_ms").get("rst_to_retry").asDouble(), merged.get("rst_to_retry_ms").asDouble(), 0.0);
            assertEquals(verdict, nodes.get(i).get("syn_retry_path").asText());
        }
    }
}

package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.finack.testing.JsonSchemas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack merge} on reports written here as JSON text, shaped as {@code finack run --json}
 * writes them: two 5.4 nodes that take the 1 s path, a 6.18 node with the fast retry, and a
 * 6.18 node whose syn-retry failed (NO_RST).
 */
class MergeCommandTest {
    @TempDir
    Path dir;

    /** One experiment object; rst null leaves rst_to_retry out of intervals_ms, as a run that got no retry does. */
    private static String experiment(String name, String outcome, String verdict, Double rst) {
        String intervals = rst == null ? "{\"syn_to_stale_ack\": 0.05, \"stale_ack_to_rst\": 0.02}"
                : String.format(Locale.ROOT, "{\"syn_to_stale_ack\": 0.05, \"stale_ack_to_rst\": 0.02, \"rst_to_retry\": %s}", rst);
        return String.format(Locale.ROOT, """
                {"name": "%s", "family": "ipv4", "outcome": "%s", "reason": null, "expected": "FAST_RETRY",
                 "verdict": %s, "intervals_ms": %s, "states": [], "frames": [], "pcap": null}""",
                name, outcome, verdict == null ? "null" : "\"" + verdict + "\"", intervals);
    }

    private Path report(String file, String hostname, String kernel, String... experiments) throws Exception {
        Path p = dir.resolve(file);
        Files.writeString(p, String.format(Locale.ROOT, """
                {"schema": 1, "tool": "finack 0.1.0", "hostname": "%s", "kernel": "%s",
                 "started": "2026-11-24T20:00:00Z", "netns": "fresh", "groups": [],
                 "experiments": [%s], "summary": {"pass": 3, "fail": 0}}
                """, hostname, kernel, String.join(",\n", experiments)));
        return p;
    }

    private Path[] fleet() throws Exception {
        return new Path[] {
            report("a.json", "node-a", "5.4.0-150-generic",
                    experiment("syn-retry", "FAIL", "RTO_RETRY", 1003.5),
                    experiment("syn-retry-after-retransmit", "PASS", "RTO_RETRY", 1023.0),
                    experiment("finwait2-stale-ack", "PASS", "FAST_RETRY", 6.47)),
            report("b.json", "node-b", "6.18.0-1-amd64",
                    experiment("syn-retry", "PASS", "FAST_RETRY", 8.74),
                    experiment("syn-retry-after-retransmit", "PASS", "RTO_RETRY", 1023.9),
                    experiment("finwait2-stale-ack", "PASS", "FAST_RETRY", 5.82)),
            report("c.json", "node-c", "6.18.0-1-amd64",
                    experiment("syn-retry", "FAIL", "NO_RST", null)),
            report("d.json", "node-d", "5.4.0-150-generic",
                    experiment("syn-retry", "FAIL", "RTO_RETRY", 1012.0),
                    experiment("syn-retry-after-retransmit", "PASS", "RTO_RETRY", 1020.0),
                    experiment("finwait2-stale-ack", "PASS", "FAST_RETRY", 7.1)),
        };
    }

    private static String[] args(String first, Path... files) {
        String[] a = new String[files.length + 1];
        a[0] = first;
        for (int i = 0; i < files.length; i++) {
            a[i + 1] = files[i].toString();
        }
        return a;
    }

    @Test
    void oneRowAReportThenWhichNodesTakeTheOneSecondPath() throws Exception {
        CliOutcome o = CliOutcome.of(args("merge", fleet()));

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.err(), o.toString());
        assertEquals(""
                + "node    kernel             syn-retry ipv4          syn-retry-after-retransmit ipv4  finwait2-stale-ack ipv4\n"
                + "node-a  5.4.0-150-generic  RTO_RETRY 1004 ms FAIL  RTO_RETRY 1023 ms                FAST_RETRY 6.47 ms\n"
                + "node-b  6.18.0-1-amd64     FAST_RETRY 8.74 ms      RTO_RETRY 1024 ms                FAST_RETRY 5.82 ms\n"
                + "node-c  6.18.0-1-amd64     NO_RST - FAIL           -                                -\n"
                + "node-d  5.4.0-150-generic  RTO_RETRY 1012 ms FAIL  RTO_RETRY 1020 ms                FAST_RETRY 7.10 ms\n"
                + "\n"
                + "1 s path (syn-retry RTO_RETRY): 2 reports: node-a (5.4.0-150-generic), node-d (5.4.0-150-generic)\n"
                + "fast retry (syn-retry FAST_RETRY): 1 report: node-b (6.18.0-1-amd64)\n"
                + "neither (syn-retry not run, or another verdict): 1 report: node-c (6.18.0-1-amd64)\n",
                o.out());
    }

    @Test
    void jsonHasANodeAReportWithItsPathAndTheSummary() throws Exception {
        Path[] files = fleet();
        CliOutcome o = CliOutcome.of(args("merge", files[0], files[1], files[2], files[3], Path.of("--json")));

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        JsonSchemas.MERGE.assertValid(o.out());
        assertEquals(1, doc.get("schema").asInt());
        assertEquals("finack " + Main.VERSION, doc.get("tool").asText());
        assertEquals(new ObjectMapper().readTree(
                "[\"syn-retry ipv4\",\"syn-retry-after-retransmit ipv4\",\"finwait2-stale-ack ipv4\"]"), doc.get("columns"));
        JsonNode nodes = doc.get("nodes");
        assertEquals(4, nodes.size());
        JsonNode a = nodes.get(0);
        assertEquals(files[0].toString(), a.get("file").asText());
        assertEquals("node-a", a.get("hostname").asText());
        assertEquals("5.4.0-150-generic", a.get("kernel").asText());
        assertEquals("2026-11-24T20:00:00Z", a.get("started").asText());
        assertEquals("RTO_RETRY", a.get("syn_retry_path").asText());
        assertEquals(3, a.get("experiments").size());
        JsonNode syn = a.get("experiments").get(0);
        assertEquals("syn-retry", syn.get("name").asText());
        assertEquals("ipv4", syn.get("family").asText());
        assertEquals("FAIL", syn.get("outcome").asText());
        assertEquals("RTO_RETRY", syn.get("verdict").asText());
        assertEquals(1003.5, syn.get("rst_to_retry_ms").asDouble(), 1e-9);
        assertTrue(syn.get("reconnect").isNull(), "not a close-order experiment: " + syn);
        assertEquals("FAST_RETRY", nodes.get(1).get("syn_retry_path").asText());
        assertEquals(8.74, nodes.get(1).get("experiments").get(0).get("rst_to_retry_ms").asDouble(), 1e-9);
        JsonNode c = nodes.get(2);
        assertTrue(c.get("syn_retry_path").isNull(), c.toString());
        assertEquals("NO_RST", c.get("experiments").get(0).get("verdict").asText());
        assertTrue(c.get("experiments").get(0).get("rst_to_retry_ms").isNull(), c.toString());

        JsonNode summary = doc.get("summary");
        assertEquals(2, summary.get("rto_retry").size());
        assertEquals("node-a", summary.get("rto_retry").get(0).get("hostname").asText());
        assertEquals("node-d", summary.get("rto_retry").get(1).get("hostname").asText());
        assertEquals("node-b", summary.get("fast_retry").get(0).get("hostname").asText());
        assertEquals("6.18.0-1-amd64", summary.get("fast_retry").get(0).get("kernel").asText());
        assertEquals("node-c", summary.get("neither").get(0).get("hostname").asText());
    }

    @Test
    void repeatedRunsInOneReportShowTheCountAndTheMedian() throws Exception {
        Path r = report("r.json", "node-r", "6.18.0",
                experiment("syn-retry", "PASS", "FAST_RETRY", 8.0),
                experiment("syn-retry", "PASS", "FAST_RETRY", 9.0),
                experiment("syn-retry", "FAIL", "RTO_RETRY", 1010.0));
        CliOutcome o = CliOutcome.of("merge", r.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals(""
                + "node    kernel  syn-retry ipv4\n"
                + "node-r  6.18.0  FAST_RETRY/RTO_RETRY x3 9.00 ms FAIL x1\n"
                + "\n"
                + "1 s path (syn-retry RTO_RETRY): 1 report: node-r (6.18.0)\n"
                + "fast retry (syn-retry FAST_RETRY): 0 reports\n", o.out());
    }

    /** One close-order experiment object: judged on states and the reconnecting SYN's answer, not on a verdict. */
    private static String closeOrder(String name, String outcome, String verdict, String reply) {
        return String.format(Locale.ROOT, """
                {"name": "%s", "family": "ipv6", "outcome": "%s", "reason": null, "expected": null,
                 "expectation": {"kind": "close_order", "states": ["FIN_WAIT2"], "reconnect": "STALE_ACK"},
                 "verdict": "%s", "reconnect": %s,
                 "intervals_ms": {"syn_to_stale_ack": 0.01, "stale_ack_to_rst": 1.6, "rst_to_retry": 0.5},
                 "states": [], "frames": [], "pcap": null}""",
                name, outcome, verdict, reply == null ? "null" : "{\"reply\": \"" + reply + "\"}");
    }

    @Test
    void aCloseOrderExperimentShowsTheReconnectingSynsAnswerNotTheHarnesssRetry() throws Exception {
        Path r = report("r.json", "node-r", "6.18.0",
                closeOrder("rst-ack-lost", "PASS", "FAST_RETRY", "STALE_ACK"),
                closeOrder("rst-ack-lost", "PASS", "FAST_RETRY", "STALE_ACK"),
                closeOrder("in-order-close", "FAIL", "NO_STALE_ACK", "RATE_LIMITED"),
                closeOrder("fin-ack-reorder", "FAIL", "NO_STALE_ACK", null));
        CliOutcome o = CliOutcome.of("merge", r.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals(""
                + "node    kernel  rst-ack-lost ipv6       in-order-close ipv6          fin-ack-reorder ipv6\n"
                + "node-r  6.18.0  reconnect STALE_ACK x2  reconnect RATE_LIMITED FAIL  reconnect - FAIL\n"
                + "\n"
                + "1 s path (syn-retry RTO_RETRY): 0 reports\n"
                + "fast retry (syn-retry FAST_RETRY): 0 reports\n"
                + "neither (syn-retry not run, or another verdict): 1 report: node-r (6.18.0)\n", o.out());
        JsonNode run = new ObjectMapper().readTree(CliOutcome.of("merge", "--json", r.toString()).out())
                .get("nodes").get(0).get("experiments").get(0);
        assertEquals("STALE_ACK", run.get("reconnect").asText());
        assertEquals("FAST_RETRY", run.get("verdict").asText());
    }


    @Test
    void aMissingFileEndsWithOneLineAndStatusTwoBeforeAnythingIsPrinted() throws Exception {
        Path good = fleet()[0];
        Path missing = dir.resolve("nope.json");
        CliOutcome.assertUsageError("finack: " + missing + ": no such file", "merge", good.toString(), missing.toString());
    }

    @Test
    void invalidJsonEndsWithOneLine() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"schema\": 1,\n \"hostname\": ");
        CliOutcome.assertUsageError("finack: " + bad + ": not valid JSON (line 2, column 14)", "merge", bad.toString());
    }

    @Test
    void aMissingOrUnknownSchemaEndsWithOneLine() throws Exception {
        Path none = dir.resolve("none.json");
        Files.writeString(none, "{\"hostname\": \"x\", \"experiments\": []}");
        CliOutcome.assertUsageError("finack: " + none + ": no schema field: not a finack report", "merge", none.toString());
        Path two = dir.resolve("two.json");
        Files.writeString(two, "{\"schema\": 2, \"hostname\": \"x\", \"experiments\": []}");
        CliOutcome.assertUsageError("finack: " + two + ": unknown schema 2 (this finack reads schema 1)", "merge", two.toString());
    }

    @Test
    void anAnalyzeDocumentIsNotARunReport() throws Exception {
        Path analysis = dir.resolve("analysis.json");
        Files.writeString(analysis, "{\"schema\": 1, \"tool\": \"finack 0.1.0\", \"files\": []}");
        CliOutcome.assertUsageError("finack: " + analysis + ": no experiments array: not a report of finack run", "merge", analysis.toString());
    }

    @Test
    void noReportIsAUsageError() {
        CliOutcome.assertUsageError("finack: merge needs at least one report.json", "merge");
    }
}

package io.finack.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.analysis.Flow;
import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.finack.tcp.Endpoint;
import io.finack.watch.Evidence;
import io.finack.watch.WatchSummary;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The lines {@code finack watch} prints, as docs/watch.md lists their fields. */
class WatchReportTest {
    private static final long AT = 1_764_876_725_123_456_789L;   // 2025-12-04T19:32:05.123456789Z
    private static final PathFinding RTO = new PathFinding(
            new Flow(Endpoint.of("127.0.0.1", 45150), Endpoint.of("127.0.0.1", 4242)), Verdict.RTO_RETRY,
            1, 2L, 3L, 4L, 5L, 5L, 0.05, 0.02, 1020.5, 0, "");

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aFindingsLineIsItsTimeFlowVerdictFramesAndIntervals() {
        assertEquals("2025-12-04T19:32:05.123456Z  RTO_RETRY    127.0.0.1:45150 -> 127.0.0.1:4242  frames syn 1, stale ack 2, "
                + "rst 3, retry 4  syn->stale ack 0.05 ms  stale ack->rst 0.02 ms  rst->retry 1021 ms",
                WatchReport.findingText(AT, RTO));
    }

    @Test
    void aFindingsJsonLineIsTypeTimeInterfaceThenTheFindingAsAnalyzeWritesIt() throws Exception {
        JsonNode line = new ObjectMapper().readTree(WatchReport.findingJson(AT, "eth0", RTO));
        assertFalse(WatchReport.findingJson(AT, "eth0", RTO).contains("\n"), "one line");
        assertEquals(List.of("type", "time", "interface", "verdict", "meaning", "client", "server", "frames", "stale_ack_number",
                "rst_seq", "syn_retransmissions", "detail", "intervals_ms", "fin_wait2"), fields(line));
        assertEquals("finding", line.get("type").asText());
        assertEquals("2025-12-04T19:32:05.123456Z", line.get("time").asText());
        assertEquals("eth0", line.get("interface").asText());
        JsonNode analyze = new ObjectMapper().readTree(JsonReport.write(AnalysisReport.finding(RTO)));
        fields(analyze).forEach(f -> assertEquals(analyze.get(f), line.get(f), f));
    }

    @Test
    void evidenceAndSummaryLinesCarryTheDocumentedFields() throws Exception {
        JsonNode evidence = new ObjectMapper().readTree(WatchReport.evidenceJson(
                new Evidence(AT, RTO, Optional.of(Path.of("/evidence/x.pcap")), 17, 1278)));
        assertEquals(List.of("type", "time", "verdict", "client", "server", "pcap", "frames", "bytes"), fields(evidence));
        assertEquals("/evidence/x.pcap", evidence.get("pcap").asText());
        JsonNode none = new ObjectMapper().readTree(WatchReport.evidenceJson(new Evidence(AT, RTO, Optional.empty(), 17, 1278)));
        assertEquals(true, none.get("pcap").isNull(), "not written: null");

        WatchSummary s = new WatchSummary(AT, true, 100, 0, Map.of(Verdict.RTO_RETRY, 1L, Verdict.NO_STALE_ACK, 9L), 2, 1, 0, 1,
                1278, 0);
        JsonNode summary = new ObjectMapper().readTree(WatchReport.summaryJson(s));
        assertEquals(List.of("type", "time", "last", "frames", "dropped", "attempts", "verdicts", "lost_syns",
                "attempts_with_lost_syns", "fin_wait2_flows", "evidence_files", "evidence_bytes", "evidence_not_written"),
                fields(summary));
        assertEquals(List.of("FAST_RETRY", "RTO_RETRY", "NO_STALE_ACK", "NO_RST", "NO_RETRY"), fields(summary.get("verdicts")),
                "every verdict, in order");
        assertEquals(10, summary.get("attempts").asLong());
        assertEquals("2025-12-04T19:32:05.123456Z  final summary: 100 frames, 0 dropped by the kernel; 10 attempts: FAST_RETRY 0, "
                + "RTO_RETRY 1, NO_STALE_ACK 9, NO_RST 0, NO_RETRY 0; 2 lost SYNs in 1 attempts; 0 FIN_WAIT_2 flows; "
                + "evidence 1 pcaps, 1278 bytes, 0 not written", WatchReport.summaryText(s));
    }
}

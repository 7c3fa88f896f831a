package io.finack.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.finack.experiment.ExperimentResult;
import io.finack.kernel.KernelAccount;
import io.finack.experiment.StateObservation;
import io.finack.kernel.TcpInfo;
import io.finack.ladder.LadderSvg;
import io.finack.ladder.LadderText;
import io.finack.ladder.Ladders;
import io.finack.ladder.Palette;
import io.finack.script.BuiltinScripts;
import io.finack.tcp.Endpoint;
import io.finack.testing.BuiltinTraces;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import io.finack.testing.JsonSchemas;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's account as the text, JSON, ladder and HTML reports show it. */
class KernelAccountReportTest {
    private static final JsonReport.RunContext CONTEXT = new JsonReport.RunContext("0.1.0", "node-a", "6.18.0",
            Instant.parse("2026-12-01T06:00:00Z"), "fresh", OptionalDouble.empty());

    /** syn-retry's trace with what the kernel said about it: the stale ACK (frame 2) dropped, its RST's reason. */
    static ExperimentResult synRetry() {
        ExperimentResult r = BuiltinTraces.synRetry();
        ByteBuffer b = ByteBuffer.allocate(TcpInfo.SIZE).order(ByteOrder.nativeOrder());
        b.put(0, (byte) 1).putInt(8, 3_000_000).putInt(68, 74).putInt(80, 10);
        StateObservation s = r.states().get(0);
        StateObservation withInfo = new StateObservation(s.step(), s.epochNanos(), s.afterFrame(), s.state(),
                Optional.of(TcpInfo.decode(b.array(), 0, TcpInfo.SIZE)));
        Map<String, Long> delta = new LinkedHashMap<>();
        delta.put("TcpActiveOpens", 1L);
        delta.put("TcpAttemptFails", 0L);
        delta.put("TcpOutRsts", 1L);
        delta.put("TcpExtTCPSynRetrans", 1L);
        KernelAccount account = new KernelAccount(
                Optional.of(new KernelAccount.Counters(KernelAccount.Scope.REPETITION, 0, delta)),
                Optional.of(List.of(new KernelAccount.Drop(2, "TCP_INVALID_ACK_SEQUENCE", "tcp_v4_do_rcv"))),
                List.of(new KernelAccount.Reset(3, "SYN_SENT", "TCP_INVALID_ACK_SEQUENCE")));
        return new ExperimentResult(r.name(), r.family(), r.outcome(), r.reason(), r.expected(), r.verdict(), r.finding(),
                r.reconnect(), r.intervals(), r.connectMillis(), List.of(withInfo), r.reactionMicros(), r.frames(), r.pcap(),
                r.wallMillis(), r.setupMillis(), r.firstInjectionNanos(), r.python(), r.icmp(), account);
    }

    @Test
    void theTextReportListsTheCountersThatMovedTheDropAndTheRstsReason() {
        String text = TextReport.render(List.of(synRetry()));
        assertTrue(text.contains("      kernel counters moved: TcpActiveOpens +1 TcpOutRsts +1 TcpExtTCPSynRetrans +1\n"), text);
        assertTrue(text.contains("      frame 2 dropped by the kernel: TCP_INVALID_ACK_SEQUENCE (tcp_v4_do_rcv)\n"), text);
        assertTrue(text.contains("      frame 3: RST from a SYN_SENT socket, reason TCP_INVALID_ACK_SEQUENCE\n"), text);
    }

    @Test
    void aLongListOfCountersWrapsBeforeOneHundredColumns() {
        Map<String, Long> moved = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            moved.put("TcpExtTCPCounterNumber" + i, (long) i + 1);
        }
        StringBuilder out = new StringBuilder();
        TextReport.counters(out, "kernel counters moved:", moved);
        String[] lines = out.toString().split("\n");
        assertTrue(lines.length > 3, out::toString);
        for (String line : lines) {
            assertTrue(line.length() <= LadderText.WIDTH, line);
        }
        assertTrue(lines[1].startsWith("        TcpExt"), lines[1]);
    }

    @Test
    void theJsonKeepsEveryCounterTheTcpInfoAndEachFramesDrop() throws Exception {
        String json = JsonReport.write(JsonReport.document(List.of(synRetry()), CONTEXT));
        JsonSchemas.RUN.assertValid(json);
        JsonNode e = JsonReport.MAPPER.readTree(json).path("experiments").get(0);
        assertEquals("repetition", e.path("counters").path("scope").asText());
        assertEquals(0, e.path("counters").path("delta").path("TcpAttemptFails").asLong(-1), "a counter that stood still is kept");
        assertTrue(e.path("counters").path("moved").path("TcpAttemptFails").isMissingNode());
        assertEquals(1, e.path("counters").path("moved").path("TcpOutRsts").asLong());
        JsonNode info = e.path("states").get(0).path("tcp_info");
        assertEquals(3_000_000, info.path("tcpi_rto").asLong());
        assertEquals(10, info.path("tcpi_snd_cwnd").asLong());
        assertEquals(72, info.size(), "every field of the struct");
        assertEquals("TCP_INVALID_ACK_SEQUENCE", e.path("frames").get(1).path("drop").path("reason").asText());
        assertEquals("TCP_INVALID_ACK_SEQUENCE", e.path("frames").get(2).path("reset").path("reason").asText());
        assertEquals(1, e.path("drops").size());
        JsonNode group = JsonReport.MAPPER.readTree(JsonReport.write(JsonReport.document(List.of(synRetry()), CONTEXT)))
                .path("groups").get(0);
        assertEquals(1, group.path("counters_moved").path("TcpOutRsts").asLong());
        assertEquals(1, group.path("drops").path("TCP_INVALID_ACK_SEQUENCE").asInt());
    }

    @Test
    void aRunWithoutTracingSaysSoWithANullDropList() throws Exception {
        String json = JsonReport.write(JsonReport.document(List.of(BuiltinTraces.synRetry()), CONTEXT));
        JsonSchemas.RUN.assertValid(json);
        JsonNode e = JsonReport.MAPPER.readTree(json).path("experiments").get(0);
        assertTrue(e.path("drops").isNull(), e.toString());
        assertTrue(e.path("counters").isNull(), e.toString());
    }

    @Test
    void theLadderShowsTcpInfoBesideTheStateAndTheDropOnItsArrow() {
        ExperimentResult r = synRetry();
        var ladder = Ladders.ofRun(r, BuiltinScripts.named("syn-retry").orElseThrow().plan(Endpoint.Family.IPV4));
        String text = new LadderText(Palette.PLAIN).render(ladder);
        assertTrue(text.contains("tcp_info rto:3000 backoff:0 retrans:0 probes:0 cwnd:10 rtt:0.074 unacked:0"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("    2 ") && l.contains("|x============== . 5 ack -19502346 ==|")),
                "the dropped stale ACK's arrow ends in x: " + text);
        assertTrue(text.contains("x| |x: the kernel dropped the segment"), text);
        String svg = LadderSvg.render(ladder, n -> "#" + n);
        assertTrue(svg.contains("<text class=\"tcp-info\""), svg);
        assertTrue(svg.contains("rto:3000 backoff:0"), svg);
        assertTrue(svg.contains("class=\"arrow path stale-ack dropped\""), svg);
        assertTrue(svg.contains("<text class=\"drop\" x=\"290\" y=\"96\" text-anchor=\"end\">drop TCP_INVALID_ACK_SEQUENCE</text>"),
                svg);
    }

    @Test
    void theHtmlPageTablesTheCountersTheStatesTcpInfoAndTheKernelsWordOnEachFrame() {
        Document page = Jsoup.parse(HtmlReport.render(List.of(synRetry()),
                x -> BuiltinScripts.named(x.name()).orElseThrow().plan(x.family()), CONTEXT, Path.of("").toAbsolutePath()));
        var counters = page.select("table.counters tr");
        assertEquals("TcpOutRsts +1", counters.get(2).text());
        assertEquals("ESTABLISHED", page.select("table.states tr").get(1).select("td").get(1).text());
        assertTrue(page.select("table.states tr").get(1).text().contains("rto:3000"));
        var frame2 = page.select("table.frames tr").get(2).select("td");
        assertEquals("dropped: TCP_INVALID_ACK_SEQUENCE (tcp_v4_do_rcv)", frame2.get(frame2.size() - 1).text());
    }
}

package io.finack.report;

import io.finack.script.BuiltinScripts;
import io.finack.experiment.ExperimentResult;
import io.finack.testing.BuiltinTraces;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report as written, before any browser: self-contained, with verdicts, ladders and frame links. */
class HtmlReportTest {
    private static final JsonReport.RunContext CONTEXT = new JsonReport.RunContext("0.1.0", "node-a", "6.18.0",
            Instant.parse("2026-12-01T06:00:00Z"), "fresh", OptionalDouble.empty());

    private static Document page(List<ExperimentResult> results) {
        String html = HtmlReport.render(results, r -> BuiltinScripts.named(r.name()).orElseThrow().plan(r.family()),
                CONTEXT, Path.of("").toAbsolutePath());
        return Jsoup.parse(html);
    }

    @Test
    void theReportNeedsNoNetwork() {
        Document page = page(List.of(BuiltinTraces.synRetry()));
        assertTrue(page.select("link, img, iframe, script[src]").isEmpty(), "nothing loaded from elsewhere");
        for (Element a : page.select("a[href]")) {
            assertFalse(a.attr("href").matches("(?i)^[a-z]+://.*"), "a link leaves the report: " + a);
        }
        assertTrue(page.select("script").stream().anyMatch(s -> s.data().contains("echarts")), "ECharts is inlined");
        assertTrue(page.selectFirst("style").data().contains("svg.ladder"), "the styles are inlined");
        assertTrue(page.selectFirst("footer").text().contains("The Apache Software Foundation"), "ECharts' NOTICE");
    }

    @Test
    void eachExperimentHasItsVerdictLadderAndFramesNamedByPcapNumber() {
        Document page = page(List.of(BuiltinTraces.synRetry(), BuiltinTraces.finWait2StaleAck()));
        Element section = page.getElementById("syn-retry-ipv4");
        assertNotNull(section, page.select("section").eachAttr("id").toString());
        assertEquals("FAST_RETRY", section.selectFirst(".verdict").text());
        assertEquals(". 5 ack -19502346", section.selectFirst("svg g.arrow.path.stale-ack").attr("data-label"));
        assertEquals("R -19502346", section.selectFirst("svg g.arrow.path.rst").attr("data-label"));
        assertEquals("3", section.selectFirst("svg g.arrow.path.rst").attr("data-frame"));
        Element link = section.selectFirst("svg g.arrow.path.rst a");
        Element row = page.getElementById(link.attr("href").substring(1));
        assertNotNull(row, "the RST arrow links to its frame's row");
        assertEquals("syn-retry-ipv4.pcap#3", row.selectFirst("td").text());
        assertEquals("syn-retry-ipv4.pcap", row.selectFirst("td a").attr("href"));
        assertEquals("2 passed, 0 failed", page.getElementById("summary").text());
        assertEquals(new io.finack.ladder.LadderText(io.finack.ladder.Palette.PLAIN).render(io.finack.ladder.Ladders.ofRun(
                BuiltinTraces.synRetry(), BuiltinScripts.named("syn-retry").orElseThrow().plan(io.finack.tcp.Endpoint.Family.IPV4))),
                section.selectFirst("details.ladder-text pre").wholeText(), "the text ladder, to copy");
        assertNotNull(page.getElementById("finwait2-stale-ack-ipv4"));
        assertEquals(List.of("#syn-retry-ipv4", "#finwait2-stale-ack-ipv4"), page.select("nav.contents a").eachAttr("href"),
                "the contents list every experiment");
    }

    @Test
    void repeatedRunsGetADistributionTableAndHistogramData() throws Exception {
        Document page = page(List.of(BuiltinTraces.synRetry(), BuiltinTraces.synRetry(), BuiltinTraces.synRetry()));
        assertEquals(1, page.select("section.experiment").size());
        assertEquals("FAST_RETRY x3", page.selectFirst(".verdict").text());
        assertTrue(page.selectFirst("nav.contents").text().contains("rst->retry median 8.74 ms"), page.selectFirst("nav").text());
        assertFalse(page.select("table.measures td").isEmpty());
        String data = page.getElementById("finack-data").data();
        var histograms = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data).get("syn-retry-ipv4").get("histograms");
        List<String> names = new java.util.ArrayList<>();
        histograms.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("syn->stale ack", "stale ack->rst", "rst->retry"), names, data);
        assertEquals(3, histograms.get("rst->retry").get("counts").get(0).asInt(), data);
    }

    @Test
    void aRunThatFailedBeforeAnyFrameSaysWhyAndDrawsNoPath() {
        ExperimentResult failed = io.finack.testing.Runs.failedBeforeAnyFrame(BuiltinScripts.named("syn-retry").orElseThrow(),
                io.finack.tcp.Endpoint.Family.IPV4, "SYN: expected > S 0:0(0) <...> within 1000 ms, but the kernel sent nothing");
        Document page = page(List.of(failed));
        Element section = page.getElementById("syn-retry-ipv4");
        assertEquals("FAIL", section.selectFirst(".outcome").text());
        assertEquals("no verdict", section.selectFirst(".verdict").text());
        assertTrue(section.selectFirst(".reason").text().contains("the kernel sent nothing"), section.text());
        assertTrue(section.select("svg g.arrow").isEmpty());
        assertEquals("0 passed, 1 failed", page.getElementById("summary").text());
    }
}

package io.finack.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.StaleAckDetector;
import io.finack.tcp.Endpoint;
import io.finack.tcp.SeqNum;
import io.finack.testing.TraceBuilder;
import io.finack.wire.PcapWriter;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.syn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** analyze's HTML page on a capture with two attempts that took the path, one fast and one after 1 s. */
class AnalysisHtmlTest {
    @TempDir
    Path folder;

    private static void attempt(TraceBuilder t, int clientPort, double retryMicros) {
        Endpoint client = Endpoint.of("127.0.0.1", clientPort);
        Endpoint server = Endpoint.of("127.0.0.1", 8080);
        long stale = SeqNum.add(3_000_000_000L, -19502346);
        t.after(1000, client, server, syn(3_000_000_000L));
        t.after(120, server, client, ack(5, stale));
        t.after(20, client, server, rst(stale));
        t.after(retryMicros, client, server, syn(3_000_000_000L));
    }

    @Test
    void eachFindingHasItsLadderAndFramesAndTheFileItsHistograms() throws Exception {
        TraceBuilder t = new TraceBuilder();
        attempt(t, 40000, 8_000);
        attempt(t, 40001, 1_024_000);
        Path pcap = folder.resolve("prod.pcap");
        PcapWriter.writeAll(pcap, t.frames());

        Document page = Jsoup.parse(AnalysisHtml.render(
                List.of(CaptureAnalysis.of(pcap, StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT)), "0.1.0", folder));
        List<Element> findings = page.select(".finding");
        assertEquals(2, findings.size(), page.text());
        assertEquals("FAST_RETRY", findings.get(0).selectFirst(".verdict").text());
        assertEquals("RTO_RETRY", findings.get(1).selectFirst(".verdict").text());
        assertEquals(". ack 2980497654", findings.get(1).selectFirst("svg g.arrow.path.stale-ack").attr("data-label"));
        assertEquals(List.of("prod.pcap#5", "prod.pcap#6", "prod.pcap#7", "prod.pcap#8"), findings.get(1).select("a").eachText());
        assertEquals("prod.pcap", findings.get(1).selectFirst("a").attr("href"));
        assertFalse(page.text().contains("more findings"), "nothing was left out");
        JsonNode histograms = new ObjectMapper().readTree(page.getElementById("finack-data").data()).get("capture-1");
        assertEquals(2, histograms.get("rst->retry").get("bins").size(), histograms.toString());
        assertTrue(page.select("script[src], link").isEmpty(), "self-contained");
    }
}

package io.finack.cli;

import io.finack.testing.Chromium;
import io.finack.testing.Privileged;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack run --html} on the live kernel, the page then opened in headless Chromium
 * with no network: what a person would see is checked on the DOM the browser leaves (after
 * the page's scripts drew the charts), not on the file as written.
 */
@Privileged
class HtmlReportBrowserTest {
    @TempDir
    Path folder;

    private Document rendered(Path page) throws Exception {
        return Jsoup.parse(Chromium.dumpDom(page, Files.createDirectories(folder.resolve("chromium-profile"))));
    }

    @Test
    void aRealRunsReportShowsTheVerdictAndTheStaleAckPathInTheBrowser() throws Exception {
        Path page = folder.resolve("report.html");
        CliOutcome run = CliOutcome.of("run", "syn-retry", "--ladder", "--out", folder.toString(), "--html", page.toString());
        assertEquals(ExitStatus.OK, run.status(), run.toString());
        // The text ladder below the verdict: the path's three arrows, with the numbers the plan uses.
        // Its head is x where drop reasons are traced: the kernel dropped the stale ACK in SYN_SENT.
        assertTrue(run.out().contains("|<============== . 5 ack -19502346 ==|             stale ACK +")
                || run.out().contains("|x============== . 5 ack -19502346 ==|             stale ACK +"), run.out());
        assertTrue(run.out().contains("|== R -19502346 ====================>|             RST +"), run.out());
        assertTrue(run.out().contains("|== S 0 ============================>|             SYN retry +"), run.out());
        assertTrue(run.out().endsWith("html " + page + "\n"), run.out());

        Document dom = rendered(page);
        Element section = dom.getElementById("syn-retry-ipv4");
        assertNotNull(section, dom.body().text());
        assertEquals("FAST_RETRY", section.selectFirst(".verdict").text());
        assertEquals("PASS", section.selectFirst(".outcome").text());
        List<String> path = section.select("svg.ladder g.arrow.path").eachAttr("data-label");
        assertEquals(3, path.size(), "stale ACK, RST, retry: " + path);
        assertTrue(path.get(0).matches("\\. 5 ack -19502346"), path.toString());
        assertTrue(path.get(1).matches("R -19502346"), path.toString());
        assertTrue(path.get(2).matches("S 0"), path.toString());
        // Each path arrow's frame is a row naming the pcap and the frame's number in it.
        for (Element arrow : section.select("svg.ladder g.arrow.path")) {
            Element row = dom.getElementById(arrow.selectFirst("a").attr("href").substring(1));
            assertNotNull(row, arrow.outerHtml());
            assertEquals("syn-retry-ipv4.pcap#" + arrow.attr("data-frame"), row.selectFirst("td").text());
        }
        // The kernel's own account: the counters that moved, and tcp_info beside the state.
        assertTrue(section.select("table.counters td").eachText().contains("TcpOutRsts"), section.text());
        assertTrue(section.selectFirst("table.states").text().contains("rto:"), section.text());
        assertTrue(section.select("svg.ladder text.tcp-info").text().contains("cwnd:"), section.text());
        // ECharts ran in the browser and drew the timeline as SVG, with its axis.
        assertEquals("1", dom.body().attr("data-charts"), dom.body().attributes().toString());
        Element timeline = section.selectFirst(".chart.timeline svg");
        assertNotNull(timeline, "the timeline was drawn");
        assertTrue(timeline.text().contains("rst->retry"), timeline.text());

        // analyze's page on the same pcap draws the same path.
        Path pcap = java.nio.file.Files.list(folder).filter(Files::isDirectory).filter(d -> !d.endsWith("chromium-profile"))
                .map(d -> d.resolve("syn-retry-ipv4.pcap")).filter(Files::exists).findFirst().orElseThrow();
        Path analysis = folder.resolve("analysis.html");
        CliOutcome analyze = CliOutcome.of("analyze", "--html", analysis.toString(), pcap.toString());
        assertEquals(ExitStatus.OK, analyze.status(), analyze.toString());
        Element finding = rendered(analysis).selectFirst(".finding");
        assertNotNull(finding);
        assertEquals("FAST_RETRY", finding.selectFirst(".verdict").text());
        List<String> found = finding.select("svg.ladder g.arrow.path").eachAttr("data-label");
        assertEquals(3, found.size(), found.toString());
        String staleAckNumber = found.get(0).replaceFirst("^\\. ack (\\d+)$", "$1");
        assertEquals(List.of(". ack " + staleAckNumber, "R " + staleAckNumber, "S"), found,
                "stale ACK, RST with seq = its ack number, retry (numbers absolute, as in the capture)");
    }

    @Test
    void repeatedRunsGetAHistogramOfEachIntervalInTheBrowser() throws Exception {
        Path page = folder.resolve("repeat.html");
        CliOutcome run = CliOutcome.of("run", "syn-retry", "--repeat", "3", "--no-pcap", "--html", page.toString());
        assertEquals(ExitStatus.OK, run.status(), run.toString());

        Document dom = rendered(page);
        Element section = dom.getElementById("syn-retry-ipv4");
        assertTrue(section.selectFirst(".verdict").text().contains("x3"), section.selectFirst(".verdict").text());
        List<String> drawn = section.select(".chart.histogram").stream()
                .filter(h -> h.selectFirst("svg") != null).map(h -> h.attr("data-measure")).toList();
        assertEquals(List.of("syn->stale ack", "stale ack->rst", "rst->retry", "connect"), drawn);
        assertFalse(section.select("table.measures td").isEmpty());
    }
}

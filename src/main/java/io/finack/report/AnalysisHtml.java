package io.finack.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.finack.ladder.Ladder;
import io.finack.ladder.LadderSvg;
import io.finack.ladder.Ladders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML page of {@code finack analyze --html}: per capture file its counts, a histogram of
 * each interval over the findings that entered the path (a production capture may hold
 * hundreds: the distribution of rst->retry tells the 1 s path from the fast one at a glance),
 * and for each such finding its frames ({@code FILE.pcap#N}, linked to the file) and its
 * ladder as SVG. Self-contained like the run's report ({@link HtmlReport}).
 */
public final class AnalysisHtml {
    /** Ladders drawn per file; past this the page would grow without telling more. */
    static final int MAX_LADDERS = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnalysisHtml() {
    }

    public static void write(Path file, List<CaptureAnalysis> analyses, String version) throws IOException {
        Files.writeString(file, render(analyses, version, file.toAbsolutePath().getParent()));
    }

    /** The page; capture links are relative to {@code folder}, where the page will be. */
    static String render(List<CaptureAnalysis> analyses, String version, Path folder) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("version", version);
        page.put("title", analyses.size() == 1 ? analyses.get(0).file().getFileName().toString() : analyses.size() + " capture files");
        page.put("fastLimit", analyses.isEmpty() ? "" : num(analyses.get(0).fastRetryLimit().toNanos() / 1e6));
        ObjectNode data = MAPPER.createObjectNode();
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < analyses.size(); i++) {
            CaptureAnalysis a = analyses.get(i);
            String id = "capture-" + (i + 1);
            files.add(file(id, a, folder));
            ObjectNode histograms = data.putObject(id);
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            entered(a).forEach(f -> f.intervals().forEach((k, v) ->
                    samples.computeIfAbsent(Ladder.Interval.words(k), x -> new ArrayList<>()).add(v)));
            samples.forEach((name, values) -> {
                if (values.size() > 1) {
                    histograms.set(name, Histogram.of(values).json(MAPPER));
                }
            });
            files.get(i).put("hasHistograms", histograms.size() > 0);
        }
        page.put("files", files);
        page.put("data", HtmlPage.scriptSafe(JsonReport.write(data)));
        return HtmlPage.render("analysis.html.mustache", page);
    }

    private static Map<String, Object> file(String id, CaptureAnalysis a, Path folder) {
        Map<String, Object> f = new LinkedHashMap<>();
        String name = a.file().getFileName().toString();
        String href = folder.relativize(a.file().toAbsolutePath()).toString();
        f.put("id", id);
        f.put("name", name);
        f.put("href", href);
        f.put("frames", a.frames());
        f.put("attempts", a.attempts());
        f.put("synRetransmissions", a.synRetransmissions());
        f.put("verdicts", a.verdictCounts().entrySet().stream()
                .map(e -> Map.of("verdict", e.getKey().name(), "count", e.getValue())).toList());
        List<PathFinding> entered = entered(a);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (int i = 0; i < Math.min(entered.size(), MAX_LADDERS); i++) {
            findings.add(finding(id + "-finding-" + (i + 1), entered.get(i), name, href));
        }
        f.put("findings", findings);
        f.put("omitted", Math.max(0, entered.size() - MAX_LADDERS));
        f.put("hasOmitted", entered.size() > MAX_LADDERS);
        return f;
    }

    private static Map<String, Object> finding(String anchor, PathFinding p, String pcap, String href) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("anchor", anchor);
        f.put("verdict", p.verdict().name());
        f.put("flow", p.flow().toString());
        f.put("detail", p.detail());
        f.put("hasDetail", !p.detail().isEmpty());
        List<Map<String, Object>> frames = new ArrayList<>();
        Ladder ladder = Ladders.ofFinding(p);
        ladder.arrows().forEach(arrow -> arrow.frame().ifPresent(n -> frames.add(Map.of(
                "number", n, "ref", pcap + "#" + n, "href", href))));
        f.put("frames", frames);
        f.put("intervals", HtmlPage.intervals(p.intervals()));
        f.put("ladder", LadderSvg.render(ladder, n -> null));
        return f;
    }

    /** The findings that entered the path: every verdict but NO_STALE_ACK. */
    private static List<PathFinding> entered(CaptureAnalysis a) {
        return a.findings().stream().filter(f -> f.verdict() != Verdict.NO_STALE_ACK).toList();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}

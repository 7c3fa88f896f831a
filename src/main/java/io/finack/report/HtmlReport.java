package io.finack.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.PathFinding;
import io.finack.analysis.Stats;
import io.finack.experiment.ExperimentResult;
import io.finack.kernel.KernelAccount;
import io.finack.experiment.Plan;
import io.finack.ladder.Ladder;
import io.finack.ladder.LadderSvg;
import io.finack.ladder.LadderText;
import io.finack.ladder.Palette;
import io.finack.ladder.Ladders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTML report of a run: one self-contained file (styles, data and the ECharts library
 * inlined, nothing fetched) with, for each experiment and family, the verdict, the first
 * run's ladder as SVG, a timeline of its measured intervals, its frames, and for repeated
 * runs a histogram of each interval.
 *
 * <p>Frames are named {@code FILE.pcap#N}: N is the frame's number in that pcap, as Wireshark
 * ({@code frame.number == N}, Go to Packet) and tshark number them; the name links to the pcap,
 * relative to the report's folder, and every arrow of the ladder links to its frame's row.
 * The page is made from a Mustache template; the charts are drawn in the browser by ECharts
 * into SVG, from the JSON the page carries.
 */
public final class HtmlReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HtmlReport() {
    }

    /** Writes the report to {@code file}; {@code plans} gives each result's plan (for its endpoints). */
    public static void write(Path file, List<ExperimentResult> results, Function<ExperimentResult, Plan> plans,
                             JsonReport.RunContext context) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.writeString(file, render(results, plans, context, parent));
    }

    /** The page; pcap links are relative to {@code folder}, where the page will be. */
    static String render(List<ExperimentResult> results, Function<ExperimentResult, Plan> plans,
                         JsonReport.RunContext context, Path folder) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", "finack report " + context.hostname() + " " + context.started());
        page.put("hostname", context.hostname());
        page.put("kernel", context.kernelRelease());
        page.put("started", context.started().toString());
        page.put("version", context.version());
        long pass = results.stream().filter(r -> r.outcome() == ExperimentResult.Outcome.PASS).count();
        page.put("summary", String.format(Locale.ROOT, "%d passed, %d failed", pass, results.size() - pass));
        List<Map<String, Object>> experiments = new ArrayList<>();
        ObjectNode data = MAPPER.createObjectNode();
        for (List<ExperimentResult> group : Aggregate.groups(results)) {
            ExperimentResult first = group.get(0);
            String id = first.name() + "-" + first.family();
            experiments.add(experiment(id, group, plans.apply(first), folder));
            data.set(id, charts(group));
        }
        page.put("experiments", experiments);
        page.put("data", HtmlPage.scriptSafe(JsonReport.write(data)));
        return HtmlPage.render("report.html.mustache", page);
    }

    private static Map<String, Object> experiment(String id, List<ExperimentResult> group, Plan plan, Path folder) {
        ExperimentResult first = group.get(0);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("name", first.name());
        e.put("family", first.family().toString());
        e.put("runs", group.size());
        e.put("repeated", group.size() > 1);
        boolean passed = group.stream().allMatch(r -> r.outcome() == ExperimentResult.Outcome.PASS);
        e.put("outcome", passed ? "PASS" : "FAIL");
        e.put("outcomeClass", passed ? "pass" : "fail");
        e.put("verdict", verdicts(group));
        e.put("expected", first.expected().brief());
        e.put("meaning", first.finding().map(f -> f.verdict().meaning()).orElse(""));
        e.put("hasMeaning", first.finding().isPresent());
        e.put("reasons", group.stream().flatMap(r -> r.reason().stream()).distinct().limit(3).toList());
        Optional<String> pcapName = first.pcap().map(p -> p.getFileName().toString());
        Optional<String> pcapHref = first.pcap().map(p -> folder.relativize(p.toAbsolutePath()).toString());
        e.put("pcap", pcapName.orElse(""));
        e.put("pcapHref", pcapHref.orElse(""));
        e.put("hasPcap", pcapName.isPresent());
        e.put("hasStates", !first.states().isEmpty());
        e.put("states", first.states().stream().map(s -> Map.of("afterFrame", s.afterFrame(),
                "state", s.state().map(Enum::name).orElse(Ladders.NO_SOCKET),
                "tcpInfo", s.tcpInfo().map(i -> i.brief()).orElse(""))).toList());
        Ladder ladder = Ladders.ofRun(first, plan);
        e.put("ladder", LadderSvg.render(ladder, n -> "#" + frameId(id, n)));
        // The same diagram as text, to paste into a mail or a bug tracker.
        e.put("ladderText", new LadderText(Palette.PLAIN).render(ladder));
        e.put("intervals", HtmlPage.intervals(first.intervals()));
        e.put("overview", group.size() == 1 ? e.get("intervals") : medians(group));
        e.put("frames", first.frames().stream().map(f -> frameRow(id, f, first, pcapName, pcapHref)).toList());
        Map<String, Long> counters = Aggregate.of(group).get(0).countersMoved();
        e.put("hasCounters", !counters.isEmpty());
        e.put("counters", counters.entrySet().stream().map(c -> Map.of("name", c.getKey(),
                "delta", String.format(Locale.ROOT, "%+d", c.getValue()))).toList());
        e.put("measures", group.size() > 1 ? measures(group) : List.of());
        return e;
    }

    private static Map<String, Object> frameRow(String id, ExperimentResult.FrameLine f, ExperimentResult run,
                                                Optional<String> pcap, Optional<String> href) {
        Optional<PathFinding> finding = run.finding();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("anchor", frameId(id, f.number()));
        row.put("number", f.number());
        row.put("ref", pcap.map(p -> p + "#" + f.number()).orElse("#" + f.number()));
        row.put("href", href.orElse(""));
        row.put("hasHref", href.isPresent());
        row.put("ms", String.format(Locale.ROOT, "%.3f", f.millis()));
        row.put("from", f.from());
        row.put("segment", f.summary());
        String role = finding.map(p -> p.synFrame() == f.number() ? "SYN" : Ladders.roleOf(p, f.number()).words()).orElse("");
        row.put("role", role);
        row.put("roleClass", role.isEmpty() ? "" : "path");
        // The kernel's own word on the frame: the reason it dropped it, or why it sent this RST.
        row.put("kernel", run.kernel().dropOf(f.number()).map(d -> "dropped: " + d.reason() + " (" + d.location() + ")")
                .or(() -> run.kernel().resetOf(f.number()).map(KernelAccount.Reset::words)).orElse(""));
        return row;
    }

    private static String frameId(String id, long number) {
        return id + "-frame-" + number;
    }

    private static String verdicts(List<ExperimentResult> group) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        group.forEach(r -> counts.merge(r.headline(), 1, Integer::sum));
        if (group.size() == 1) {
            return counts.keySet().iterator().next();
        }
        StringBuilder s = new StringBuilder();
        counts.forEach((v, n) -> s.append(s.length() == 0 ? "" : ", ").append(v).append(" x").append(n));
        return s.toString();
    }

    private static List<Map<String, Object>> measures(List<ExperimentResult> group) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Aggregate.of(group).get(0).measures().forEach((name, st) -> {
            if (st.count() > 0) {
                rows.add(Map.of("name", name, "count", st.count(), "min", num(st.min()), "median", num(st.median()),
                        "p90", num(st.p90()), "p99", num(st.p99()), "max", num(st.max())));
            }
        });
        return rows;
    }

    /** The median of each path interval over a group's runs, for the page's contents. */
    private static List<Map<String, Object>> medians(List<ExperimentResult> group) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Stats> measures = Aggregate.of(group).get(0).measures();
        group.get(0).intervals().keySet().forEach(key -> {
            Stats st = measures.get(key + "_ms");
            if (st != null && st.count() > 0) {
                rows.add(Map.of("name", Ladder.Interval.words(key) + " median", "ms", TextReport.ms(st.median())));
            }
        });
        return rows;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * What the page's script draws for a group: the first run's timeline (each interval as a
     * bar from its first frame's time to its last's), and each interval's samples over all runs.
     */
    private static ObjectNode charts(List<ExperimentResult> group) {
        ExperimentResult first = group.get(0);
        ObjectNode charts = MAPPER.createObjectNode();
        ArrayNode timeline = charts.putArray("timeline");
        first.finding().ifPresent(f -> {
            Map<Long, Double> at = new LinkedHashMap<>();
            first.frames().forEach(fl -> at.put(fl.number(), fl.millis()));
            bar(timeline, "syn->stale ack", at.get(f.synFrame()), f.staleAckFrame() == null ? null : at.get(f.staleAckFrame()));
            bar(timeline, "stale ack->rst", f.staleAckFrame() == null ? null : at.get(f.staleAckFrame()),
                    f.rstFrame() == null ? null : at.get(f.rstFrame()));
            bar(timeline, "rst->retry", f.rstFrame() == null ? null : at.get(f.rstFrame()),
                    f.retryFrame() == null ? null : at.get(f.retryFrame()));
        });
        first.connectMillis().ifPresent(c -> {
            double start = first.frames().stream().filter(fl -> fl.from().equals("kernel") && fl.segment().flags().syn())
                    .mapToDouble(ExperimentResult.FrameLine::millis).findFirst().orElse(0);
            bar(timeline, "connect", start, start + c);
        });
        ObjectNode histograms = charts.putObject("histograms");
        if (group.size() > 1) {
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            for (ExperimentResult r : group) {
                r.intervals().forEach((k, v) -> samples.computeIfAbsent(Ladder.Interval.words(k), x -> new ArrayList<>()).add(v));
                r.connectMillis().ifPresent(c -> samples.computeIfAbsent("connect", x -> new ArrayList<>()).add(c));
            }
            samples.forEach((name, values) -> histograms.set(name, Histogram.of(values).json(MAPPER)));
        }
        return charts;
    }

    private static void bar(ArrayNode timeline, String name, Double start, Double end) {
        if (start != null && end != null) {
            timeline.addObject().put("name", name).put("start", start).put("end", end);
        }
    }
}

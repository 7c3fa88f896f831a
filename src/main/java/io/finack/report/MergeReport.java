package io.finack.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.Stats;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What {@code finack merge} prints: many {@code report.json} files of {@code finack run} (schema
 * {@link JsonReport#SCHEMA}), typically one a node of a fleet, as one table with a row a report,
 * and which nodes take the 1 s path (syn-retry {@code RTO_RETRY}) and which the fast retry.
 */
public final class MergeReport {
    /** The experiment whose verdict sorts the nodes: the plain stale ACK -> RST -> SYN retry. */
    public static final String PATH_EXPERIMENT = "syn-retry";
    static final String RTO = "RTO_RETRY";
    static final String FAST = "FAST_RETRY";

    private MergeReport() {
    }

    /** One report: its node and, per experiment run, the verdict and the RST -> retry interval. */
    public record Node(Path file, String hostname, String kernel, String started, List<Run> runs) {
        /** RTO_RETRY if any syn-retry run took the 1 s path, FAST_RETRY if every one took the fast retry, else empty. */
        public Optional<String> synRetryPath() {
            List<Run> syn = runs.stream().filter(r -> r.name().equals(PATH_EXPERIMENT)).toList();
            if (syn.stream().anyMatch(r -> RTO.equals(r.verdict()))) {
                return Optional.of(RTO);
            }
            if (!syn.isEmpty() && syn.stream().allMatch(r -> FAST.equals(r.verdict()))) {
                return Optional.of(FAST);
            }
            return Optional.empty();
        }
    }

    /**
     * One experiment run of a report; verdict and rstToRetryMillis are null when the run got no such
     * thing. reconnect is, for a close-order experiment (judged on its states and the reconnecting
     * SYN's answer, not on a path verdict), the answer's word ({@code SYN_ACK}, {@code STALE_ACK}...,
     * {@code -} for none); null for the others.
     */
    public record Run(String name, String family, String outcome, String verdict, Double rstToRetryMillis,
                      String reconnect) {
        String column() {
            return name + " " + family;
        }
    }

    /** A report that cannot be merged; {@link #reason()} says why, without the file name. */
    public static final class BadReport extends Exception {
        private static final long serialVersionUID = 1L;

        BadReport(String reason) {
            super(reason);
        }

        public String reason() {
            return getMessage();
        }
    }

    /** Reads one report written by {@code finack run --json} or {@code --out}. */
    public static Node read(Path file) throws BadReport {
        JsonNode doc;
        try {
            doc = JsonReport.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BadReport("no such file");
        } catch (AccessDeniedException e) {
            throw new BadReport("permission denied");
        } catch (JsonProcessingException e) {
            throw new BadReport("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new BadReport(Files.isDirectory(file) ? "a directory, not a report" : "cannot be read: " + e.getMessage());
        }
        if (doc == null || !doc.isObject()) {
            throw new BadReport("not a finack report (no JSON object)");
        }
        JsonNode schema = doc.get("schema");
        if (schema == null) {
            throw new BadReport("no schema field: not a finack report");
        }
        if (!schema.isInt() || schema.asInt() != JsonReport.SCHEMA) {
            throw new BadReport("unknown schema " + schema + " (this finack reads schema " + JsonReport.SCHEMA + ")");
        }
        JsonNode experiments = doc.get("experiments");
        if (experiments == null || !experiments.isArray()) {
            throw new BadReport("no experiments array: not a report of finack run");
        }
        List<Run> runs = new ArrayList<>();
        for (JsonNode e : experiments) {
            JsonNode rst = e.path("intervals_ms").get("rst_to_retry");
            boolean closeOrder = "close_order".equals(e.path("expectation").path("kind").asText());
            runs.add(new Run(text(e, "name"), text(e, "family"), text(e, "outcome"), textOrNull(e, "verdict"),
                    rst != null && rst.isNumber() ? rst.asDouble() : null,
                    closeOrder ? e.path("reconnect").path("reply").asText("-") : null));
        }
        return new Node(file, text(doc, "hostname"), text(doc, "kernel"), text(doc, "started"), runs);
    }

    /** The table: a header, one row a report, a blank line, then the summary. */
    public static String text(List<Node> nodes) {
        List<String> columns = columns(nodes);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("node", "kernel"));
        header.addAll(columns);
        rows.add(header);
        for (Node n : nodes) {
            List<String> row = new ArrayList<>(List.of(n.hostname(), n.kernel()));
            Map<String, List<Run>> byColumn = byColumn(n);
            columns.forEach(c -> row.add(cell(byColumn.getOrDefault(c, List.of()))));
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", r.get(i))).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append('\n');
        Map<String, List<Node>> groups = groups(nodes);
        out.append(summaryLine("1 s path (" + PATH_EXPERIMENT + " " + RTO + ")", groups.get(RTO)));
        out.append(summaryLine("fast retry (" + PATH_EXPERIMENT + " " + FAST + ")", groups.get(FAST)));
        if (!groups.get("").isEmpty()) {
            out.append(summaryLine("neither (" + PATH_EXPERIMENT + " not run, or another verdict)", groups.get("")));
        }
        return out.toString();
    }

    /** The merged table as one JSON document: the columns, a {@code nodes} array a report, the summary. */
    public static ObjectNode document(List<Node> nodes, String version) {
        ObjectNode doc = JsonReport.newDocument(version);
        ArrayNode columns = doc.putArray("columns");
        columns(nodes).forEach(columns::add);
        ArrayNode array = doc.putArray("nodes");
        for (Node n : nodes) {
            ObjectNode node = array.addObject();
            node.put("file", n.file().toString());
            node.put("hostname", n.hostname());
            node.put("kernel", n.kernel());
            node.put("started", n.started());
            node.put("syn_retry_path", n.synRetryPath().orElse(null));
            ArrayNode experiments = node.putArray("experiments");
            for (Run r : n.runs()) {
                ObjectNode e = experiments.addObject().put("name", r.name()).put("family", r.family())
                        .put("outcome", r.outcome()).put("verdict", r.verdict()).put("reconnect", r.reconnect());
                if (r.rstToRetryMillis() == null) {
                    e.putNull("rst_to_retry_ms");
                } else {
                    e.put("rst_to_retry_ms", r.rstToRetryMillis());
                }
            }
        }
        ObjectNode summary = doc.putObject("summary");
        Map<String, List<Node>> groups = groups(nodes);
        summary.set("rto_retry", hostnames(groups.get(RTO)));
        summary.set("fast_retry", hostnames(groups.get(FAST)));
        summary.set("neither", hostnames(groups.get("")));
        return doc;
    }

    /** "name family" of every experiment run in any report, in the order they first appear. */
    private static List<String> columns(List<Node> nodes) {
        Set<String> columns = new LinkedHashSet<>();
        nodes.forEach(n -> n.runs().forEach(r -> columns.add(r.column())));
        return new ArrayList<>(columns);
    }

    private static Map<String, List<Run>> byColumn(Node n) {
        Map<String, List<Run>> m = new LinkedHashMap<>();
        n.runs().forEach(r -> m.computeIfAbsent(r.column(), k -> new ArrayList<>()).add(r));
        return m;
    }

    /**
     * "RTO_RETRY 1023 ms"; a failed run gets " FAIL"; several runs (--repeat) give their verdicts,
     * the count and the median RST -> retry: "FAST_RETRY x20 8.70 ms". A close-order experiment
     * gives the reconnecting SYN's answers instead: "reconnect SYN_ACK x20".
     */
    private static String cell(List<Run> runs) {
        if (runs.isEmpty()) {
            return "-";
        }
        boolean closeOrder = runs.stream().allMatch(r -> r.reconnect() != null);
        Set<String> words = new LinkedHashSet<>();
        runs.forEach(r -> words.add(closeOrder ? r.reconnect() : r.verdict() == null ? "-" : r.verdict()));
        StringBuilder s = new StringBuilder(closeOrder ? "reconnect " : "").append(String.join("/", words));
        if (runs.size() > 1) {
            s.append(" x").append(runs.size());
        }
        List<Double> rst = runs.stream().map(Run::rstToRetryMillis).filter(v -> v != null).toList();
        if (!closeOrder) {
            s.append(' ').append(rst.isEmpty() ? "-" : TextReport.ms(Stats.of(rst).median()));
        }
        long failed = runs.stream().filter(r -> !"PASS".equals(r.outcome())).count();
        if (failed > 0) {
            s.append(runs.size() > 1 ? " FAIL x" + failed : " FAIL");
        }
        return s.toString();
    }

    /** Reports grouped by {@link Node#synRetryPath()}: RTO_RETRY, FAST_RETRY, "" (neither). */
    private static Map<String, List<Node>> groups(List<Node> nodes) {
        Map<String, List<Node>> g = new LinkedHashMap<>();
        g.put(RTO, new ArrayList<>());
        g.put(FAST, new ArrayList<>());
        g.put("", new ArrayList<>());
        nodes.forEach(n -> g.get(n.synRetryPath().orElse("")).add(n));
        return g;
    }

    /** "1 s path (syn-retry RTO_RETRY): 2 of 4 reports: node-a (5.4.0-150-generic), node-b (5.4.0-150-generic)". */
    private static String summaryLine(String label, List<Node> group) {
        StringJoiner names = new StringJoiner(", ");
        Set<String> seen = new LinkedHashSet<>();
        group.forEach(n -> {
            String name = n.hostname() + " (" + n.kernel() + ")";
            if (seen.add(name)) {
                names.add(name);
            }
        });
        return String.format(Locale.ROOT, "%s: %d %s%s%n", label, group.size(), group.size() == 1 ? "report" : "reports",
                group.isEmpty() ? "" : ": " + names);
    }

    private static ArrayNode hostnames(List<Node> group) {
        ArrayNode a = JsonReport.MAPPER.createArrayNode();
        group.forEach(n -> a.addObject().put("hostname", n.hostname()).put("kernel", n.kernel()).put("file", n.file().toString()));
        return a;
    }

    private static String text(JsonNode node, String field) throws BadReport {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new BadReport("no " + field + " field: not a report of finack run");
        }
        return v.asText();
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}

package io.finack.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What {@code finack analyze} prints: per capture file, the counts and one line per finding
 * that entered the path (text), or every finding (JSON, schema {@link JsonReport#SCHEMA}).
 * Findings are rendered as {@code finack run} renders its path: the same interval wording and
 * the same {@code path} object with a {@code verdict} field.
 */
public final class AnalysisReport {
    private AnalysisReport() {
    }

    /** One block a file, blank line between blocks. */
    public static String text(List<CaptureAnalysis> analyses) {
        StringJoiner blocks = new StringJoiner("\n");
        analyses.forEach(a -> blocks.add(text(a)));
        return blocks.toString();
    }

    static String text(CaptureAnalysis a) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d %s, %d TCP connection %s%n", a.file(),
                a.frames(), plural(a.frames(), "frame"), a.attempts(), plural(a.attempts(), "attempt")));
        StringJoiner counts = new StringJoiner(", ", "  verdicts: ", "\n");
        a.verdictCounts().forEach((v, n) -> counts.add(v + " " + n));
        out.append(counts);
        out.append(String.format(Locale.ROOT, "  lost SYNs: %d SYN %s with no stale ACK before %s, in %d %s%n",
                a.synRetransmissions(), plural(a.synRetransmissions(), "retransmission"),
                a.synRetransmissions() == 1 ? "it" : "them",
                a.attemptsWithSynRetransmissions(), plural(a.attemptsWithSynRetransmissions(), "attempt")));
        a.entered().forEach(f -> out.append("  ").append(line(f)).append('\n'));
        return out.toString();
    }

    /** One finding on one line: verdict, flow, frame numbers, timings, detail. */
    static String line(PathFinding f) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s %s -> %s  frames syn %d, stale ack %s, rst %s, retry %s",
                f.verdict(), f.flow().client(), f.flow().server(), f.synFrame(),
                frame(f.staleAckFrame()), frame(f.rstFrame()), frame(f.retryFrame())));
        s.append(TextReport.intervals(f.intervals()));
        if (!f.detail().isEmpty()) {
            s.append("  (").append(f.detail()).append(')');
        }
        return s.toString();
    }

    /** The JSON document: schema, tool, the fast-retry limit, and per file its counts and every finding. */
    public static ObjectNode document(List<CaptureAnalysis> analyses, String version) {
        ObjectNode doc = JsonReport.newDocument(version);
        ArrayNode files = doc.putArray("files");
        for (CaptureAnalysis a : analyses) {
            ObjectNode file = files.addObject();
            file.put("file", a.file().toString());
            file.put("frames", a.frames());
            file.put("fast_retry_limit_ms", a.fastRetryLimit().toNanos() / 1e6);
            file.put("attempts", a.attempts());
            ObjectNode verdicts = file.putObject("verdicts");
            for (Map.Entry<Verdict, Integer> e : a.verdictCounts().entrySet()) {
                verdicts.put(e.getKey().name(), e.getValue());
            }
            file.put("syn_retransmissions", a.synRetransmissions());
            file.put("attempts_with_syn_retransmissions", a.attemptsWithSynRetransmissions());
            ArrayNode findings = file.putArray("findings");
            for (PathFinding f : a.findings()) {
                ObjectNode finding = JsonReport.path(f);
                ObjectNode intervals = finding.putObject("intervals_ms");
                f.intervals().forEach(intervals::put);
                findings.add(finding);
            }
        }
        return doc;
    }

    private static String frame(Long number) {
        return number == null ? "-" : number.toString();
    }

    private static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }
}

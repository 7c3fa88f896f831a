package io.finack.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.FinWait2;
import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.finack.capture.ReadSummary;
import io.finack.ladder.LadderText;
import io.finack.ladder.Ladders;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * What {@code finack analyze} prints: per capture file, how it read, the counts and one line
 * per listed finding (text), or the same with every field (JSON, schema {@link JsonReport#SCHEMA}).
 * Findings are rendered as {@code finack run} renders its path: the same interval wording and
 * the same {@code path} object with a {@code verdict} field.
 */
public final class AnalysisReport {
    private AnalysisReport() {
    }

    /** One block a file, blank line between blocks. */
    public static String text(List<CaptureAnalysis> analyses) {
        return text(analyses, Optional.empty());
    }

    /** As {@link #text(List)}, with a ladder diagram below each finding's line when {@code ladders} is given. */
    public static String text(List<CaptureAnalysis> analyses, Optional<LadderText> ladders) {
        StringJoiner blocks = new StringJoiner("\n");
        analyses.forEach(a -> blocks.add(text(a, ladders)));
        return blocks.toString();
    }

    static String text(CaptureAnalysis a) {
        return text(a, Optional.empty());
    }

    private static String text(CaptureAnalysis a, Optional<LadderText> ladders) {
        StringBuilder out = new StringBuilder(summary(a));
        a.findings().forEach(f -> {
            out.append("  ").append(line(f)).append('\n');
            if (f.verdict() != Verdict.NO_STALE_ACK) {
                ladders.ifPresent(l -> out.append('\n').append(l.render(Ladders.ofFinding(f))));
            }
        });
        a.finWait2().forEach(f -> out.append(String.format(Locale.ROOT,
                "  FIN_WAIT_2 %s -> %s  frames fin %d, ack %d  (no FIN from %s before the flow went idle or the capture ended)%n",
                f.closer(), f.peer(), f.finFrame(), f.ackFrame(), f.peer())));
        if (a.unlisted() > 0) {
            out.append(String.format(Locale.ROOT, "  ... and %d more findings, counted above, not listed%n", a.unlisted()));
        }
        return out.toString();
    }

    /**
     * The block's head, without the listed findings: how the capture read, the counts and the
     * warnings (what {@code analyze -} prints at the end, having printed each finding as it came).
     */
    public static String summary(CaptureAnalysis a) {
        StringBuilder out = new StringBuilder();
        ReadSummary r = a.read();
        out.append(String.format(Locale.ROOT, "%s: %d %s, %d TCP connection %s%n", a.file(),
                a.frames(), plural(a.frames(), "frame"), a.attempts(), plural(a.attempts(), "attempt")));
        out.append(String.format(Locale.ROOT, "  read: %s, %d TCP %s, %d cut by the snap length before the TCP header ended%s%n",
                r.format(), r.tcpFrames(), plural(r.tcpFrames(), "frame"), r.cutTcpHeaders(),
                r.skippedFrames() == 0 ? "" : ", " + r.skippedFrames() + " on interfaces of unknown link types"));
        StringJoiner counts = new StringJoiner(", ", "  verdicts: ", "\n");
        a.verdictCounts().forEach((v, n) -> counts.add(v + " " + n));
        out.append(counts);
        out.append(String.format(Locale.ROOT, "  lost SYNs: %d SYN %s with no stale ACK before %s, in %d %s%n",
                a.synRetransmissions(), plural(a.synRetransmissions(), "retransmission"),
                a.synRetransmissions() == 1 ? "it" : "them",
                a.attemptsWithSynRetransmissions(), plural(a.attemptsWithSynRetransmissions(), "attempt")));
        out.append(String.format(Locale.ROOT, "  FIN_WAIT_2: %d %s left with a FIN acked and no FIN back%n",
                a.finWait2().size(), plural(a.finWait2().size(), "flow")));
        if (a.flowsEvictedWhileActive() > 0) {
            out.append(String.format(Locale.ROOT, "  flow table: full %d times; the oldest flows were reported early%n",
                    a.flowsEvictedWhileActive()));
        }
        a.warnings().forEach(w -> out.append("  warning: ").append(w).append('\n'));
        return out.toString();
    }

    /** One finding on one line: verdict, flow, frame numbers, timings, detail. */
    public static String line(PathFinding f) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-12s %s -> %s  frames syn %d, stale ack %s, rst %s, retry %s",
                f.verdict(), f.flow().client(), f.flow().server(), f.synFrame(),
                frame(f.staleAckFrame()), frame(f.rstFrame()), frame(f.retryFrame())));
        s.append(TextReport.intervals(f.intervals()));
        StringJoiner notes = new StringJoiner("; ", "  (", ")").setEmptyValue("");
        if (f.verdict() == Verdict.NO_STALE_ACK && f.synRetransmissions() > 0) {
            notes.add(f.synRetransmissions() + " lost " + plural(f.synRetransmissions(), "SYN") + " re-sent before it");
        }
        if (!f.detail().isEmpty()) {
            notes.add(f.detail());
        }
        if (f.finWait2() != null) {
            notes.add("after FIN_WAIT_2: " + f.finWait2().describe());
        }
        return s.append(notes).toString();
    }

    /** The JSON document: schema, tool, the fast-retry limit, and per file how it read, its counts and every listed finding. */
    public static ObjectNode document(List<CaptureAnalysis> analyses, String version) {
        ObjectNode doc = JsonReport.newDocument(version);
        ArrayNode files = doc.putArray("files");
        for (CaptureAnalysis a : analyses) {
            ObjectNode file = files.addObject();
            file.put("file", a.file().toString());
            file.put("format", a.read().format());
            file.put("bytes", a.read().bytes());
            file.put("frames", a.frames());
            file.put("tcp_frames", a.read().tcpFrames());
            file.put("cut_tcp_headers", a.read().cutTcpHeaders());
            file.put("skipped_frames", a.read().skippedFrames());
            ArrayNode warnings = file.putArray("warnings");
            a.warnings().forEach(warnings::add);
            file.put("fast_retry_limit_ms", a.fastRetryLimit().toNanos() / 1e6);
            file.put("attempts", a.attempts());
            ObjectNode verdicts = file.putObject("verdicts");
            for (Map.Entry<Verdict, Long> e : a.verdictCounts().entrySet()) {
                verdicts.put(e.getKey().name(), e.getValue());
            }
            file.put("syn_retransmissions", a.synRetransmissions());
            file.put("attempts_with_syn_retransmissions", a.attemptsWithSynRetransmissions());
            file.put("flows_evicted_while_active", a.flowsEvictedWhileActive());
            file.put("unlisted", a.unlisted());
            ArrayNode findings = file.putArray("findings");
            a.findings().forEach(f -> findings.add(finding(f)));
            ArrayNode finWait2 = file.putArray("fin_wait2");
            a.finWait2().forEach(f -> finWait2(finWait2.addObject(), f));
        }
        return doc;
    }

    /** One finding's JSON object, as the document's {@code findings} list and the JSON lines of {@code analyze -} and {@code watch} carry it. */
    public static ObjectNode finding(PathFinding f) {
        ObjectNode finding = JsonReport.path(f);
        ObjectNode intervals = finding.putObject("intervals_ms");
        f.intervals().forEach(intervals::put);
        if (f.finWait2() == null) {
            finding.putNull("fin_wait2");
        } else {
            finWait2(finding.putObject("fin_wait2"), f.finWait2());
        }
        return finding;
    }

    private static void finWait2(ObjectNode node, FinWait2 f) {
        node.put("closer", f.closer().toString());
        node.put("peer", f.peer().toString());
        node.put("fin_frame", f.finFrame());
        node.put("ack_frame", f.ackFrame());
    }

    private static String frame(Long number) {
        return number == null ? "-" : number.toString();
    }

    private static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }
}

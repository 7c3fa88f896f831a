package io.finack.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.finack.watch.Evidence;
import io.finack.watch.WatchSummary;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What {@code finack watch} (and {@code finack analyze -} with {@code --json-lines}) prints:
 * one line per finding, per evidence pcap and per summary, as text or as one JSON object a
 * line with a {@code type} of {@code finding}, {@code evidence} or {@code summary} (their
 * fields are listed in docs/watch.md). A finding's object has every field of a finding in
 * {@code analyze --json}'s document.
 */
public final class WatchReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private WatchReport() {
    }

    /** A capture timestamp (ns since the epoch) as UTC, to the microsecond. */
    public static String time(long epochNanos) {
        return TIME.format(Instant.ofEpochSecond(0, epochNanos));
    }

    public static String findingText(long epochNanos, PathFinding f) {
        return time(epochNanos) + "  " + AnalysisReport.line(f);
    }

    public static String evidenceText(Evidence e) {
        String of = e.finding().verdict() + " " + e.finding().flow().client() + " -> " + e.finding().flow().server();
        return time(e.epochNanos()) + "  " + (e.pcap().isPresent()
                ? String.format(Locale.ROOT, "evidence %s (%d frames, %d bytes) for %s", e.pcap().get(), e.frames(), e.bytes(), of)
                : String.format(Locale.ROOT, "evidence not written for %s: the evidence cap is reached", of));
    }

    public static String summaryText(WatchSummary s) {
        StringJoiner verdicts = new StringJoiner(", ");
        s.verdictCounts().forEach((v, n) -> verdicts.add(v + " " + n));
        return String.format(Locale.ROOT,
                "%s  %s: %d frames, %d dropped by the kernel; %d attempts: %s; %d lost SYNs in %d attempts; "
                        + "%d FIN_WAIT_2 flows; evidence %d pcaps, %d bytes, %d not written",
                time(s.epochNanos()), s.last() ? "final summary" : "summary", s.frames(), s.dropped(), s.attempts(), verdicts,
                s.lostSyns(), s.attemptsWithLostSyns(), s.finWait2(), s.evidenceFiles(), s.evidenceBytes(),
                s.evidenceNotWritten());
    }

    /** A finding as one JSON line; {@code device} is the interface watched, or null (a stream). */
    public static String findingJson(long epochNanos, String device, PathFinding f) {
        ObjectNode line = head("finding", epochNanos);
        line.put("interface", device);
        line.setAll(AnalysisReport.finding(f));
        return JsonReport.writeLine(line);
    }

    public static String evidenceJson(Evidence e) {
        ObjectNode line = head("evidence", e.epochNanos());
        line.put("verdict", e.finding().verdict().name());
        line.put("client", e.finding().flow().client().toString());
        line.put("server", e.finding().flow().server().toString());
        line.put("pcap", e.pcap().map(Object::toString).orElse(null));
        line.put("frames", e.frames());
        line.put("bytes", e.bytes());
        return JsonReport.writeLine(line);
    }

    public static String summaryJson(WatchSummary s) {
        ObjectNode line = head("summary", s.epochNanos());
        line.put("last", s.last());
        line.put("frames", s.frames());
        line.put("dropped", s.dropped());
        line.put("attempts", s.attempts());
        ObjectNode verdicts = line.putObject("verdicts");
        for (Map.Entry<Verdict, Long> e : s.verdictCounts().entrySet()) {
            verdicts.put(e.getKey().name(), e.getValue());
        }
        line.put("lost_syns", s.lostSyns());
        line.put("attempts_with_lost_syns", s.attemptsWithLostSyns());
        line.put("fin_wait2_flows", s.finWait2());
        line.put("evidence_files", s.evidenceFiles());
        line.put("evidence_bytes", s.evidenceBytes());
        line.put("evidence_not_written", s.evidenceNotWritten());
        return JsonReport.writeLine(line);
    }

    private static ObjectNode head(String type, long epochNanos) {
        ObjectNode line = JsonReport.MAPPER.createObjectNode();
        line.put("type", type);
        line.put("time", time(epochNanos));
        return line;
    }
}

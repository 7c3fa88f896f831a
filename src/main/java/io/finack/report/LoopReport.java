package io.finack.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.Stats;
import io.finack.loop.LoopResult;
import io.finack.loop.LoopSpec;
import io.finack.loop.PathEntry;
import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.finack.loop.FlaggedConnection;
import io.finack.loop.SpikeEvidence;
import io.finack.loop.WindowBounds;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** What {@code finack run reconnect-loop} prints: per family the distributions, then every slow or failed connection. */
public final class LoopReport {
    /** The distributions' name column: "connect ms", "cycle ms". */
    private static final int NAME_WIDTH = 10;

    private LoopReport() {
    }

    /** One block a loop: outcome line, distributions, capture check, flagged connections, the pcaps' size against their bound. */
    public static String text(List<LoopResult> results) {
        StringBuilder out = new StringBuilder();
        for (LoopResult r : results) {
            single(out, r);
        }
        long clean = results.stream().filter(LoopResult::clean).count();
        out.append(String.format(Locale.ROOT, "%d passed, %d failed%n", clean, results.size() - clean));
        return out.toString();
    }

    private static void single(StringBuilder out, LoopResult r) {
        LoopSpec spec = r.spec();
        out.append(String.format(Locale.ROOT, "%-5s reconnect-loop %-4s %d connections in %.2f s (%.0f/s), %d over %s, %d failed%n",
                r.clean() ? "PASS" : "FAIL", spec.family(), r.connections(), r.wallMs() / 1000, r.rate(),
                r.slowCount(), TextReport.ms(thresholdMs(spec)), r.failed()));
        if (r.stopped()) {
            out.append("      stopped by a signal before ").append(spec.limit()).append('\n');
        }
        TextReport.distributionHeader(out, NAME_WIDTH);
        TextReport.distribution(out, NAME_WIDTH, "connect ms", r.connectMs());
        TextReport.distribution(out, NAME_WIDTH, "cycle ms", r.cycleMs());
        out.append(String.format(Locale.ROOT, "      capture: %d frames; saw %d of the %d connections that sent a SYN%s%n",
                r.capturedFrames(), r.capturedConnections(), r.synsSent(), r.serverErrors() == 0 ? ""
                        : String.format(Locale.ROOT, "; %d failed calls on the server's side", r.serverErrors())));
        r.counters().ifPresent(c -> TextReport.counters(out, "kernel counters moved over the loop:", c.moved()));
        out.append("      stale-ACK path (detector over the whole capture):");
        for (Verdict v : Verdict.values()) {
            out.append(' ').append(v).append(' ').append(r.verdicts().get(v)).append(v == Verdict.NO_RETRY ? "" : ",");
        }
        Stats retry = r.rstToRetryMs();
        out.append(retry.count() == 0 ? "\n" : String.format(Locale.ROOT, "; rst->retry ms min %.2f median %.2f max %.2f%n",
                retry.min(), retry.median(), retry.max()));
        for (PathEntry p : r.pathEntries()) {
            out.append(String.format(Locale.ROOT, "      #%d at %.3f s  stale-ACK path%n", p.connection(), p.atMillis() / 1000));
            if (p.evidence().flatMap(SpikeEvidence::finding).isEmpty()) {
                // No window, or one without the SYN: the finding over the whole capture still tells.
                PathFinding f = p.finding();
                out.append("        ").append(f.verdict()).append(TextReport.intervals(f.intervals()))
                        .append(f.detail().isEmpty() ? "" : "  (" + f.detail() + ")").append('\n');
            }
            window(out, spec, p.evidence(), "");
        }
        for (FlaggedConnection s : r.flagged()) {
            out.append(String.format(Locale.ROOT, "      #%d at %.3f s  ", s.connection(), s.atMillis() / 1000));
            if (s.slow()) {
                out.append("SLOW connect ").append(Double.isNaN(s.connectMs()) ? "never completed" : TextReport.ms(s.connectMs()));
            }
            s.failure().ifPresent(f -> out.append(s.slow() ? ", then " : "").append("FAILED ").append(f));
            out.append('\n');
            s.refusal().ifPresent(why -> out.append("        kernel: ").append(why).append('\n'));
            window(out, spec, s.evidence(), s.sentSyn() ? "its SYN is not in the window" : "no SYN: connect() failed at once");
        }
        long unlisted = r.slowCount() + r.failed() - r.flagged().size();
        if (unlisted > 0) {
            out.append(String.format(Locale.ROOT, "      %d more slow or failed connections not listed%n", unlisted));
        }
        WindowBounds b = spec.windows();
        long written = windows(r).filter(e -> e.pcap().isPresent()).count();
        out.append(String.format(Locale.ROOT, "      spike pcaps: %d windows%s, %d bytes (bound: %d windows of at most %d bytes)%s%n",
                windowsKept(r), written == windowsKept(r) ? "" : String.format(Locale.ROOT, " (%d written)", written),
                r.pcapBytes(), b.maxWindows(), b.maxPcapBytesPerWindow(), r.windowsNotKept() == 0 ? ""
                        : String.format(Locale.ROOT, "; %d flagged connections past the bound have none", r.windowsNotKept())));
    }

    /** Under a connection's line: what its window shows, and where the window is. */
    private static void window(StringBuilder out, LoopSpec spec, Optional<SpikeEvidence> evidence, String noFinding) {
        if (evidence.isEmpty()) {
            out.append("        no window: ").append(spec.windows().maxWindows()).append(" kept already\n");
            return;
        }
        SpikeEvidence e = evidence.get();
        String finding = e.finding().map(LoopReport::path).orElse(noFinding);
        if (!finding.isEmpty()) {
            out.append("        ").append(finding).append('\n');
        }
        out.append(String.format(Locale.ROOT, "        %s frames %d-%d of %d%s%n",
                e.pcap().map(p -> "pcap " + p + ",").orElse("window (not written),"), e.firstFrame(), e.lastFrame(),
                e.frames(), e.truncated() ? " (the window reached its bound before the connection ended)" : ""));
    }

    /** The detector's line, and the SYNs that went unanswered before the one that was, which a spike often rests on. */
    private static String path(PathFinding f) {
        String line = AnalysisReport.line(f);
        int lost = f.synRetransmissions();
        return lost == 0 ? line : line + String.format(Locale.ROOT, "  after %d unanswered SYN%s", lost, lost == 1 ? "" : "s");
    }

    private static Stream<SpikeEvidence> windows(LoopResult r) {
        return Stream.concat(r.flagged().stream().flatMap(f -> f.evidence().stream()),
                r.pathEntries().stream().flatMap(p -> p.evidence().stream()));
    }

    private static long windowsKept(LoopResult r) {
        return windows(r).count();
    }

    private static double thresholdMs(LoopSpec spec) {
        return spec.threshold().toNanos() / 1e6;
    }

    /** The JSON document: the common header, then one object a loop with every flagged connection. */
    public static ObjectNode document(List<LoopResult> results, JsonReport.RunContext context) {
        ObjectNode doc = JsonReport.newDocument(context.version());
        doc.put("hostname", context.hostname());
        doc.put("kernel", context.kernelRelease());
        doc.put("started", context.started().toString());
        doc.put("netns", context.netns());
        ArrayNode loops = doc.putArray("loops");
        for (LoopResult r : results) {
            loops.add(loop(r));
        }
        return doc;
    }

    private static ObjectNode loop(LoopResult r) {
        ObjectNode o = JsonReport.MAPPER.createObjectNode();
        LoopSpec spec = r.spec();
        o.put("name", "reconnect-loop");
        o.put("family", spec.family().toString());
        o.put("outcome", r.clean() ? "PASS" : "FAIL");
        ObjectNode limit = o.putObject("limit");
        if (spec.limit() instanceof LoopSpec.Limit.Lasting d) {
            limit.put("duration_s", d.duration().toNanos() / 1e9);
        } else {
            limit.put("connections", ((LoopSpec.Limit.Connections) spec.limit()).count());
        }
        o.put("threshold_ms", thresholdMs(spec));
        o.put("connections", r.connections());
        o.put("stopped", r.stopped());
        o.put("failed", r.failed());
        o.put("wall_ms", r.wallMs());
        o.put("connections_per_s", r.rate());
        JsonReport.stats(o.putObject("connect_ms"), r.connectMs());
        JsonReport.stats(o.putObject("cycle_ms"), r.cycleMs());
        o.put("syns_sent", r.synsSent());
        o.putObject("capture").put("frames", r.capturedFrames()).put("connections_seen", r.capturedConnections());
        ObjectNode paths = o.putObject("paths");
        ObjectNode verdicts = paths.putObject("verdicts");
        for (Verdict v : Verdict.values()) {
            verdicts.put(v.name(), r.verdicts().get(v));
        }
        JsonReport.stats(paths.putObject("rst_to_retry_ms"), r.rstToRetryMs());
        ArrayNode entered = paths.putArray("entered");
        for (PathEntry p : r.pathEntries()) {
            ObjectNode e = entered.addObject().put("connection", p.connection()).put("at_ms", p.atMillis())
                    .put("verdict", p.finding().verdict().name());
            p.finding().intervals().forEach(e.putObject("intervals_ms")::put);
            e.put("syn_retransmissions", p.finding().synRetransmissions()).put("detail", p.finding().detail());
            p.evidence().ifPresentOrElse(w -> window(e.putObject("window"), w), () -> e.putNull("window"));
        }
        o.put("server_errors", r.serverErrors());
        o.set("counters", r.counters().map(JsonReport::counters).orElse(null));
        o.put("slow_connections", r.slowCount());
        WindowBounds b = spec.windows();
        o.putObject("windows").put("kept", windowsKept(r))
                .put("not_kept", r.windowsNotKept()).put("pcap_bytes", r.pcapBytes())
                .put("max_windows", b.maxWindows()).put("max_pcap_bytes_per_window", b.maxPcapBytesPerWindow())
                .put("frames_before", b.framesBefore()).put("frames_after", b.framesAfter()).put("tail_frames", b.tailFrames());
        ArrayNode flagged = o.putArray("flagged");
        for (FlaggedConnection s : r.flagged()) {
            ObjectNode j = flagged.addObject();
            j.put("connection", s.connection());
            j.put("at_ms", s.atMillis());
            j.put("sent_syn", s.sentSyn());
            j.put("slow", s.slow());
            if (Double.isNaN(s.connectMs())) {
                j.putNull("connect_ms");
            } else {
                j.put("connect_ms", s.connectMs());
            }
            j.put("failure", s.failure().orElse(null));
            s.refusedBy().ifPresent(x -> j.putObject("refused_by").put("state", x.state()).put("reason", x.reason())
                    .put("meaning", s.refusal().orElse("")));
            s.evidence().ifPresentOrElse(e -> window(j.putObject("window"), e), () -> j.putNull("window"));
        }
        return o;
    }

    private static void window(ObjectNode w, SpikeEvidence e) {
        w.put("pcap", e.pcap().map(Path::toString).orElse(null));
        w.put("frames", e.frames());
        w.put("bytes", e.bytes());
        w.put("first_frame", e.firstFrame());
        w.put("last_frame", e.lastFrame());
        w.put("truncated", e.truncated());
        e.finding().ifPresentOrElse(f -> {
            ObjectNode path = JsonReport.path(f);
            f.intervals().forEach(path.putObject("intervals_ms")::put);
            w.set("path", path);
        }, () -> w.putNull("path"));
    }
}

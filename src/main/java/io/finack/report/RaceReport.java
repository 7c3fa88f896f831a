package io.finack.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.Stats;
import io.finack.race.Delivery;
import io.finack.race.Outcome;
import io.finack.race.RaceResult;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The race's report, as text and as JSON: per delivery the outcomes, the hit rate with its 95 %
 * bound, the skews achieved and the hit rate at each skew (the race's window, measured); the
 * hits with their evidence and frames in the pcap; where the time went; and the machine's load,
 * on which the skews and the throughput depend.
 */
public final class RaceReport {
    /** Skews within this many microseconds count as "together" in the report. */
    static final double TOGETHER_MICROS = 1.0;
    /** Upper edges of the skew ranges (us) the hit rate is shown for; the last range is open. */
    static final double[] SKEW_EDGES = {-5, -1, 0, 1, 2, 5};
    /** Hits listed one a line in the text; the JSON lists every one. */
    static final int HITS_SHOWN = 5;

    private RaceReport() {
    }

    /** The machine and the moment: the load averages as `uptime` prints them. */
    public record Context(String version, String hostname, String kernelRelease, Instant started,
                          String loadBefore, String loadAfter) {
    }

    /** Hits and iterations among the skews in one range, lower edge exclusive. */
    record SkewRange(double above, double upTo, int iterations, int hits) {
        String label() {
            if (Double.isInfinite(above)) {
                return String.format(Locale.ROOT, "<= %.0f", upTo);
            }
            if (Double.isInfinite(upTo)) {
                return String.format(Locale.ROOT, "> %.0f", above);
            }
            return String.format(Locale.ROOT, "%.0f..%.0f", above, upTo);
        }
    }

    static List<SkewRange> ranges(List<RaceResult.Skew> skews) {
        List<SkewRange> out = new java.util.ArrayList<>();
        double above = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= SKEW_EDGES.length; i++) {
            double upTo = i < SKEW_EDGES.length ? SKEW_EDGES[i] : Double.POSITIVE_INFINITY;
            double low = above;
            List<RaceResult.Skew> in = skews.stream().filter(s -> s.micros() > low && s.micros() <= upTo).toList();
            out.add(new SkewRange(above, upTo, in.size(), (int) in.stream().filter(s -> s.outcome().hit()).count()));
            above = upTo;
        }
        return out;
    }

    public static String text(List<RaceResult> results, Context context) {
        StringBuilder s = new StringBuilder();
        for (RaceResult r : results) {
            var spec = r.spec();
            String closing = spec.closing().label();
            String offset = spec.offsetNanos() == 0 ? ""
                    : String.format(Locale.ROOT, " %.2f us %s", Math.abs(spec.offsetNanos()) / 1e3,
                    spec.offsetNanos() > 0 ? "after the ACK" : "before the ACK");
            s.append(String.format(Locale.ROOT, "race %s %s: ACK from CPU %d, %s from CPU %d%s; %d iterations in %.1f s, "
                            + "%.0f iterations/s%n", spec.closing().word(), spec.family(), spec.ackCpu(), closing,
                    spec.closeCpu(), offset, r.deliveries().stream().mapToInt(RaceResult.DeliveryResult::iterations).sum(),
                    r.seconds(), r.iterationsPerSecond()));
            for (RaceResult.DeliveryResult d : r.deliveries()) {
                String pad = String.format(Locale.ROOT, "  %-12s ", "");
                s.append(String.format(Locale.ROOT, "  %-12s hits %s%n", d.delivery().word(), HitRate.of(d.hits(), d.iterations())));
                s.append(String.format(Locale.ROOT, "%sstates: TIME_WAIT %d  CLOSED %d  FIN_WAIT2 %d  other %d  "
                                + "harness errors %d%n", pad, d.count(Outcome.TIME_WAIT), d.count(Outcome.CLOSED),
                        d.count(Outcome.FIN_WAIT2), d.count(Outcome.OTHER_STATE), d.count(Outcome.HARNESS_ERROR)));
                Stats skew = Stats.of(d.skewMicros());
                if (skew.count() > 0) {
                    s.append(String.format(Locale.ROOT, "%sskew us (%s - ACK, capture time): min %.1f  median %.1f  "
                                    + "p90 %.1f  p99 %.1f  max %.1f; within %.0f us: %.1f %%%n", pad, closing,
                            skew.min(), skew.median(), skew.p90(), skew.p99(), skew.max(), TOGETHER_MICROS,
                            100.0 * together(d.skewMicros()) / skew.count()));
                }
                if (d.delivery().concurrent() && skew.count() > 0) {
                    s.append(pad).append("hits by skew us:");
                    for (SkewRange range : ranges(d.skews())) {
                        if (range.iterations() > 0) {
                            s.append(String.format(Locale.ROOT, "  %s %d/%d", range.label(), range.hits(), range.iterations()));
                        }
                    }
                    s.append('\n');
                }
                d.errors().forEach(e -> s.append(pad).append(e).append('\n'));
            }
            s.append("  time per iteration us:");
            r.phaseMicros().forEach((phase, micros) -> s.append(String.format(Locale.ROOT, "  %s %.1f", phase, micros)));
            s.append('\n');
            if (r.leftovers() > 0) {
                s.append("  ").append(r.leftovers()).append(" kernel sockets outlived their batch's cleanup (cleared later)\n");
            }
            r.hits().stream().limit(HITS_SHOWN).forEach(h -> s.append(String.format(Locale.ROOT, "  hit: %s iteration %d, "
                            + "port %d%s: %s%s%n", h.delivery().word(), h.iteration(), h.port(),
                    h.skewMicros().map(v -> String.format(Locale.ROOT, ", skew %.1f us", v)).orElse(""), h.evidence(),
                    h.frames().map(f -> " (pcap frames " + f.first() + "-" + f.last() + ")").orElse(""))));
            if (r.hits().size() > HITS_SHOWN) {
                s.append("  ... and ").append(r.hits().size() - HITS_SHOWN).append(" more hits (every one in the JSON report)\n");
            }
            r.hits().stream().flatMap(h -> h.frames().stream()).findFirst()
                    .ifPresent(f -> s.append("  pcap of the hits ").append(f.file()).append('\n'));
            s.append("  ").append(conclusion(r)).append('\n');
        }
        s.append("load average before ").append(context.loadBefore()).append(", after ").append(context.loadAfter()).append('\n');
        return s.toString();
    }

    /** What the run shows, in one sentence. */
    static String conclusion(RaceResult r) {
        RaceResult.DeliveryResult race = r.deliveries().stream().filter(d -> d.delivery().concurrent())
                .findFirst().orElseThrow();
        int controlHits = r.deliveries().stream().filter(d -> !d.delivery().concurrent())
                .mapToInt(RaceResult.DeliveryResult::hits).sum();
        boolean control = r.deliveries().size() > 1;
        if (controlHits > 0) {
            return "the sequential control hit too (" + controlHits + "): FIN_WAIT2 here does not come from concurrency alone";
        }
        if (race.hits() == 0) {
            return "no hit: the race was not reproduced on this kernel and machine (" + HitRate.of(0, race.iterations())
                    + ")" + (control ? ", nor by the sequential control" : "");
        }
        long confirmed = r.hits().stream().filter(h -> h.delivery().concurrent() && h.confirmed()).count();
        int controlIterations = r.deliveries().stream().filter(d -> !d.delivery().concurrent())
                .mapToInt(RaceResult.DeliveryResult::iterations).sum();
        return "the race reproduced: " + HitRate.of(race.hits(), race.iterations()) + ", " + confirmed
                + " confirmed by the stale ACK" + (control ? "; the sequential control never hit ("
                + HitRate.of(0, controlIterations) + ")" : "");
    }

    private static long together(List<Double> skews) {
        return skews.stream().filter(v -> Math.abs(v) <= TOGETHER_MICROS).count();
    }

    public static ObjectNode document(List<RaceResult> results, Context context) {
        ObjectNode doc = JsonReport.newDocument(context.version());
        doc.put("experiment", "race");
        doc.put("hostname", context.hostname());
        doc.put("kernel", context.kernelRelease());
        doc.put("started", context.started().toString());
        doc.put("load_average_before", context.loadBefore());
        doc.put("load_average_after", context.loadAfter());
        ArrayNode runs = doc.putArray("runs");
        for (RaceResult r : results) {
            ObjectNode run = runs.addObject();
            run.put("closing", r.spec().closing().word());
            run.put("family", r.spec().family().toString());
            run.putObject("cpus").put("ack", r.spec().ackCpu()).put("closing", r.spec().closeCpu());
            run.put("offset_us", r.spec().offsetNanos() / 1e3);
            run.put("realtime", r.spec().realtime());
            run.put("seconds", r.seconds());
            run.put("iterations_per_second", r.iterationsPerSecond());
            ObjectNode phases = run.putObject("time_per_iteration_us");
            r.phaseMicros().forEach(phases::put);
            run.put("leftover_sockets", r.leftovers());
            ArrayNode deliveries = run.putArray("deliveries");
            r.deliveries().forEach(d -> delivery(deliveries.addObject(), d));
            ArrayNode hits = run.putArray("hits");
            for (RaceResult.Hit h : r.hits()) {
                ObjectNode o = hits.addObject().put("delivery", h.delivery().word()).put("iteration", h.iteration())
                        .put("port", h.port()).put("confirmed", h.confirmed()).put("evidence", h.evidence());
                h.skewMicros().ifPresentOrElse(v -> o.put("skew_us", v), () -> o.putNull("skew_us"));
                h.frames().ifPresentOrElse(f -> o.putObject("pcap").put("file", f.file().toString())
                        .put("first_frame", f.first()).put("last_frame", f.last()), () -> o.putNull("pcap"));
            }
            run.put("conclusion", conclusion(r));
        }
        return doc;
    }

    private static void delivery(ObjectNode o, RaceResult.DeliveryResult d) {
        o.put("delivery", d.delivery().word());
        o.put("iterations", d.iterations());
        ObjectNode outcomes = o.putObject("outcomes");
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome.name(), d.count(outcome));
        }
        HitRate rate = HitRate.of(d.hits(), d.iterations());
        o.putObject("hit_rate").put("hits", rate.hits()).put("trials", rate.trials()).put("rate", rate.rate())
                .put("ci95_lower", rate.lower()).put("ci95_upper", rate.upper()).put("upper_bound_95", rate.upperBound());
        Stats skew = Stats.of(d.skewMicros());
        ObjectNode sk = JsonReport.stats(o.putObject("skew_us"), skew);
        if (skew.count() > 0) {
            sk.put("within_1us", together(d.skewMicros()));
            ArrayNode byRange = o.putArray("hits_by_skew_us");
            for (SkewRange range : ranges(d.skews())) {
                ObjectNode b = byRange.addObject();
                if (Double.isInfinite(range.above())) {
                    b.putNull("above");
                } else {
                    b.put("above", range.above());
                }
                if (Double.isInfinite(range.upTo())) {
                    b.putNull("up_to");
                } else {
                    b.put("up_to", range.upTo());
                }
                b.put("iterations", range.iterations()).put("hits", range.hits());
            }
        }
        ArrayNode errors = o.putArray("errors");
        d.errors().forEach(errors::add);
    }
}

package io.finack.report;

import io.finack.analysis.Stats;
import io.finack.experiment.Expectation;
import io.finack.experiment.ExperimentResult;
import io.finack.kernel.KernelAccount;
import io.finack.ladder.Ladder;
import io.finack.ladder.LadderText;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The terminal summary: one verdict line an experiment, then what it rests on. */
public final class TextReport {
    private TextReport() {
    }

    /** One block an experiment run, or, when experiments ran several times, one summary a group. */
    public static String render(List<ExperimentResult> results) {
        return render(results, r -> "");
    }

    /**
     * As {@link #render(List)}, with {@code after}'s text below each run's block (below each
     * group's summary, for its first run, when experiments ran several times): a ladder diagram.
     */
    public static String render(List<ExperimentResult> results, Function<ExperimentResult, String> after) {
        List<Aggregate> groups = Aggregate.of(results);
        StringBuilder out = new StringBuilder();
        if (groups.size() < results.size()) {
            groups.forEach(g -> {
                summary(out, g, results);
                results.stream().filter(r -> r.name().equals(g.name()) && r.family() == g.family()).findFirst()
                        .ifPresent(r -> out.append(after.apply(r)));
            });
        } else {
            results.forEach(r -> {
                single(out, r);
                out.append(after.apply(r));
            });
        }
        long pass = results.stream().filter(r -> r.outcome() == ExperimentResult.Outcome.PASS).count();
        out.append(String.format(Locale.ROOT, "%d passed, %d failed%n", pass, results.size() - pass));
        return out.toString();
    }

    private static void summary(StringBuilder out, Aggregate g, List<ExperimentResult> results) {
        out.append(String.format(Locale.ROOT, "%-28s %-4s x%d  verdicts %s%s  outcomes %s%n", g.name(), g.family(), g.runs(),
                g.verdicts(), g.reconnects().isEmpty() ? "" : "  reconnect " + g.reconnects(), g.outcomes()));
        distributionHeader(out, 22);
        g.measures().forEach((name, st) -> distribution(out, 22, name, st));
        if (!g.countersMoved().isEmpty()) {
            counters(out, "kernel counters moved, all " + g.runs() + " runs:", g.countersMoved());
        }
        if (!g.drops().isEmpty()) {
            out.append("      injected segments the kernel dropped: ").append(g.drops()).append('\n');
        }
        // The first failure of the group, so that a repeated run says why without --json.
        results.stream().filter(r -> r.name().equals(g.name()) && r.family() == g.family())
                .filter(r -> r.reason().isPresent()).findFirst()
                .ifPresent(r -> out.append("      first failure: ").append(r.reason().get().replace("\n", "\n      ")).append('\n'));
    }

    /**
     * A close-order experiment's line names the reconnect's answer where the others name the
     * verdict ({@link ExperimentResult#headline()}), and the verdict's meaning (about a retry that
     * is the harness's own there) is left out.
     */
    private static void single(StringBuilder out, ExperimentResult r) {
        boolean closeOrder = r.expected() instanceof Expectation.CloseOrder;
        out.append(String.format(Locale.ROOT, "%-5s %-28s %-4s %-19s%s", r.outcome(), r.name(), r.family(),
                r.headline(), measurements(r)).stripTrailing()).append('\n');
        r.reason().ifPresent(reason -> {
            for (String line : reason.split("\n")) {
                out.append("      ").append(line).append('\n');
            }
        });
        if (!r.states().isEmpty()) {
            out.append("      kernel states (after frame):");
            r.states().forEach(s -> out.append(' ').append(s.stateName()).append(" (").append(s.afterFrame()).append(')'));
            out.append('\n');
        }
        // What a script's python blocks printed, as packetdrill shows it.
        r.python().ifPresent(p -> p.output().lines().forEach(line -> out.append("      python: ").append(line).append('\n')));
        r.reconnect().ifPresent(c -> out.append("      reconnecting SYN: ").append(c).append(": ").append(c.kind().meaning())
                .append('\n'));
        if (!closeOrder) {
            r.finding().ifPresent(f -> out.append("      ").append(f.verdict().meaning()).append('\n'));
        }
        // The kernel's own account, after what the wire and sock_diag showed.
        r.kernel().counters().ifPresent(c -> counters(out, c.scope() == KernelAccount.Scope.JOB
                ? "kernel counters moved in job " + c.job() + " (its repetitions ran at once):" : "kernel counters moved:", c.moved()));
        r.kernel().drops().ifPresent(drops -> drops.forEach(d -> out.append("      frame ").append(d.frame())
                .append(" dropped by the kernel: ").append(d.reason()).append(" (").append(d.location()).append(")\n")));
        r.kernel().resets().forEach(x -> out.append("      frame ").append(x.frame()).append(": ").append(x.words()).append('\n'));
        r.pcap().ifPresent(p -> out.append("      pcap ").append(p).append('\n'));
    }

    /** {@code heading}, then each counter with its delta, the lines wrapped before 100 columns. */
    static void counters(StringBuilder out, String heading, Map<String, Long> moved) {
        StringBuilder line = new StringBuilder("      ").append(heading);
        if (moved.isEmpty()) {
            line.append(" none");
        }
        for (Map.Entry<String, Long> e : moved.entrySet()) {
            String item = String.format(Locale.ROOT, " %s %+d", e.getKey(), e.getValue());
            if (line.length() + item.length() > LadderText.WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder("       ");
            }
            line.append(item);
        }
        out.append(line).append('\n');
    }

    private static String measurements(ExperimentResult r) {
        StringBuilder s = new StringBuilder(intervals(r.intervals()));
        r.connectMillis().ifPresent(c -> s.append("  connect ").append(ms(c)));
        if (!r.reactionMicros().isEmpty()) {
            s.append(String.format(Locale.ROOT, "  reaction %.0f us", Stats.of(r.reactionMicros()).median()));
        }
        return s.toString();
    }

    /** "  syn->stale ack 0.12 ms  stale ack->rst 0.02 ms ..." from intervals keyed as {@code PathFinding.intervals()} keys them. */
    static String intervals(Map<String, Double> intervals) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Double> e : intervals.entrySet()) {
            s.append(String.format(Locale.ROOT, "  %s %s", Ladder.Interval.words(e.getKey()), ms(e.getValue())));
        }
        return s.toString();
    }

    /** The header of a table of distributions, their names in a column {@code nameWidth} wide. */
    static void distributionHeader(StringBuilder out, int nameWidth) {
        out.append(String.format(Locale.ROOT, "      %-" + nameWidth + "s %9s %9s %9s %9s %9s%n", "", "min", "median", "p90",
                "p99", "max"));
    }

    /** One row of that table; none for a distribution without samples. */
    static void distribution(StringBuilder out, int nameWidth, String name, Stats s) {
        if (s.count() > 0) {
            out.append(String.format(Locale.ROOT, "      %-" + nameWidth + "s %9.3f %9.3f %9.3f %9.3f %9.3f%n", name, s.min(),
                    s.median(), s.p90(), s.p99(), s.max()));
        }
    }

    static String ms(double millis) {
        return LadderText.ms(millis);
    }
}

package io.finack.report;

import io.finack.experiment.ExperimentResult;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The terminal summary: one verdict line an experiment, then what it rests on. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(List<ExperimentResult> results) {
        StringBuilder out = new StringBuilder();
        for (ExperimentResult r : results) {
            out.append(String.format(Locale.ROOT, "%-5s %-28s %-4s %-13s%s%n", r.outcome(), r.name(), r.family(),
                    r.verdict().map(Enum::name).orElse("-"), measurements(r)));
            r.reason().ifPresent(reason -> {
                for (String line : reason.split("\n")) {
                    out.append("      ").append(line).append('\n');
                }
            });
            if (!r.states().isEmpty()) {
                out.append("      kernel states:");
                r.states().forEach(s -> out.append(' ').append(s.stateName()));
                out.append('\n');
            }
            r.finding().ifPresent(f -> out.append("      ").append(f.verdict().meaning()).append('\n'));
            r.pcap().ifPresent(p -> out.append("      pcap ").append(p).append('\n'));
        }
        long pass = results.stream().filter(r -> r.outcome() == ExperimentResult.Outcome.PASS).count();
        out.append(String.format(Locale.ROOT, "%d passed, %d failed%n", pass, results.size() - pass));
        return out.toString();
    }

    private static String measurements(ExperimentResult r) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Double> e : r.intervals().entrySet()) {
            s.append(String.format(Locale.ROOT, "  %s %s", e.getKey().replace("_to_", "->").replace('_', ' '), ms(e.getValue())));
        }
        r.connectMillis().ifPresent(c -> s.append("  connect ").append(ms(c)));
        if (!r.reactionMicros().isEmpty()) {
            s.append(String.format(Locale.ROOT, "  reaction %.0f us", Stats.of(r.reactionMicros()).median()));
        }
        return s.toString();
    }

    static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis) : String.format(Locale.ROOT, "%.2f ms", millis);
    }
}

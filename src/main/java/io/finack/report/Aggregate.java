package io.finack.report;

import io.finack.analysis.Stats;
import io.finack.experiment.ExperimentResult;
import io.finack.kernel.KernelAccount;
import io.finack.tcp.Endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The runs of one experiment on one family, summarised: verdict counts, the counts of the
 * reconnecting SYN's answers (empty when the plan does not reconnect), the distribution of each
 * measure, the kernel counters that moved over all runs (each repetition's delta, or each job's
 * once where repetitions shared one) and the drop reasons of injected segments, counted.
 */
public record Aggregate(String name, Endpoint.Family family, int runs, Map<String, Integer> verdicts,
                        Map<String, Integer> reconnects, Map<String, Integer> outcomes, Map<String, Stats> measures,
                        Map<String, Long> countersMoved, Map<String, Integer> drops) {

    /** Groups results by experiment and family, in the order they first appear. */
    public static List<Aggregate> of(List<ExperimentResult> results) {
        List<Aggregate> aggregates = new ArrayList<>();
        for (List<ExperimentResult> group : groups(results)) {
            aggregates.add(summarise(group));
        }
        return aggregates;
    }

    /** The results of each experiment and family, groups in the order they first appear. */
    static List<List<ExperimentResult>> groups(List<ExperimentResult> results) {
        Map<String, List<ExperimentResult>> groups = new LinkedHashMap<>();
        for (ExperimentResult r : results) {
            groups.computeIfAbsent(r.name() + "/" + r.family(), k -> new ArrayList<>()).add(r);
        }
        return new ArrayList<>(groups.values());
    }

    private static Aggregate summarise(List<ExperimentResult> group) {
        Map<String, Integer> verdicts = new TreeMap<>();
        Map<String, Integer> reconnects = new TreeMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, Integer> drops = new TreeMap<>();
        // A job's delta is one object its repetitions share: counted once.
        Set<KernelAccount.Counters> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ExperimentResult r : group) {
            r.kernel().counters().filter(counted::add).ifPresent(c -> c.moved().forEach((k, v) -> counters.merge(k, v, Long::sum)));
            r.kernel().drops().ifPresent(d -> d.forEach(x -> drops.merge(x.reason(), 1, Integer::sum)));
            verdicts.merge(r.verdict().map(Enum::name).orElse("NONE"), 1, Integer::sum);
            r.reconnect().ifPresent(c -> reconnects.merge(c.kind().name(), 1, Integer::sum));
            outcomes.merge(r.outcome().name(), 1, Integer::sum);
            r.intervals().forEach((k, v) -> samples.computeIfAbsent(k + "_ms", x -> new ArrayList<>()).add(v));
            r.connectMillis().ifPresent(c -> samples.computeIfAbsent("connect_ms", x -> new ArrayList<>()).add(c));
            samples.computeIfAbsent("reaction_us", x -> new ArrayList<>()).addAll(r.reactionMicros());
            samples.computeIfAbsent("overhead_ms", x -> new ArrayList<>()).add(r.overheadMillis());
            samples.computeIfAbsent("wall_ms", x -> new ArrayList<>()).add(r.wallMillis());
        }
        Map<String, Stats> measures = new LinkedHashMap<>();
        samples.forEach((k, v) -> measures.put(k, Stats.of(v)));
        ExperimentResult first = group.get(0);
        counters.values().removeIf(v -> v == 0);
        return new Aggregate(first.name(), first.family(), group.size(), verdicts, reconnects, outcomes, measures, counters,
                drops);
    }
}

package io.finack.race;

import io.finack.tcp.Endpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a race run found: per delivery (the race and the control's two orders) the outcome of
 * every iteration counted, and the skews between the two segments' capture times; every hit
 * with its evidence; where the time went.
 *
 * @param seconds       wall time of the iterations (sandbox set-up and teardown excluded)
 * @param phaseMicros   mean time per iteration of each phase, in the loop's order (kept)
 * @param leftovers     kernel sockets a batch found from an earlier batch (cleanup missed them)
 */
public record RaceResult(RaceSpec spec, List<DeliveryResult> deliveries, List<Hit> hits, double seconds,
                         Map<String, Double> phaseMicros, int leftovers) {
    public RaceResult {
        deliveries = List.copyOf(deliveries);
        hits = List.copyOf(hits);
        phaseMicros = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseMicros));
    }

    /** Iterations of every delivery, per second of the loop. */
    public double iterationsPerSecond() {
        return deliveries.stream().mapToInt(DeliveryResult::iterations).sum() / seconds;
    }

    public Endpoint.Family family() {
        return spec.family();
    }

    /**
     * One way of sending the two segments and what it gave.
     *
     * @param skews  one per iteration where both segments were captured
     * @param errors the first few harness errors' messages, for the report
     */
    public record DeliveryResult(Delivery delivery, int iterations, Map<Outcome, Integer> outcomes,
                                 List<Skew> skews, List<String> errors) {
        public DeliveryResult {
            outcomes = Map.copyOf(outcomes);
            skews = List.copyOf(skews);
            errors = List.copyOf(errors);
        }

        /** Every skew in microseconds. */
        public List<Double> skewMicros() {
            return skews.stream().map(Skew::micros).toList();
        }

        public int count(Outcome o) {
            return outcomes.getOrDefault(o, 0);
        }

        public int hits() {
            return count(Outcome::hit);
        }

        /** Iterations that ended in a state this experiment does not explain, or in a harness error. */
        public int unclassified() {
            return count(o -> !o.classified());
        }

        private int count(Predicate<Outcome> which) {
            return outcomes.entrySet().stream().filter(e -> which.test(e.getKey())).mapToInt(Map.Entry::getValue).sum();
        }
    }

    /** The closing segment's capture time minus the ACK's, and how the iteration ended. */
    public record Skew(double micros, Outcome outcome) {
    }

    /**
     * A FIN_WAIT2 iteration and the seed's symptom checked on it: a SYN from the same port.
     *
     * @param iteration  1-based, within its delivery
     * @param confirmed  the SYN got the stale ACK (ack = the old rcv_nxt)
     * @param evidence   what the SYN got, in words
     * @param frames     where the hit's connection is in the run's pcap of hits
     */
    public record Hit(Delivery delivery, int iteration, int port, Optional<Double> skewMicros, boolean confirmed,
                      String evidence, Optional<PcapFrames> frames) {
    }

    /** Frames {@code first} to {@code last} (numbered from 1, as Wireshark does) of {@code file}. */
    public record PcapFrames(Path file, long first, long last) {
    }
}

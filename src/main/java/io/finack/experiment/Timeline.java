package io.finack.experiment;

import java.util.List;

/**
 * The times of a scripted plan's steps, one {@link Timing} a step, and where each step was
 * written ({@code name.pkt:12}), so that a failure names the script line. A plan without a
 * timeline runs each step as soon as the one before it is done.
 */
public record Timeline(List<Timing> timings, List<String> sources, Tolerance tolerance) {
    public Timeline {
        timings = List.copyOf(timings);
        sources = List.copyOf(sources);
        if (timings.size() != sources.size()) {
            throw new IllegalArgumentException("one timing and one source a step: " + timings.size() + " vs " + sources.size());
        }
    }
}

package io.finack.experiment;

import java.util.List;

/**
 * The times of a scripted plan's steps, one {@link Timing} a step, and where each step was
 * written ({@code name.pkt:12}), so that a failure names the script line. A plan without a
 * timeline runs each step as soon as the one before it is done. The first {@code preamble}
 * steps (packetdrill's init command: shell steps) run before the clock starts, as packetdrill
 * runs a script's untimed first backtick line before its time 0.
 */
public record Timeline(List<Timing> timings, List<String> sources, Tolerance tolerance, int preamble) {
    public Timeline(List<Timing> timings, List<String> sources, Tolerance tolerance) {
        this(timings, sources, tolerance, 0);
    }

    public Timeline {
        timings = List.copyOf(timings);
        sources = List.copyOf(sources);
        if (timings.size() != sources.size()) {
            throw new IllegalArgumentException("one timing and one source a step: " + timings.size() + " vs " + sources.size());
        }
    }
}

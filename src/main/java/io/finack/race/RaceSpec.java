package io.finack.race;

import io.finack.tcp.Endpoint;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One race run: which closing segment, on which family, how many iterations of the race (and
 * as many of the sequential control, half in each order), from which two CPUs, whether the
 * two racing threads run under SCHED_FIFO while they race, and where the pcaps of hits go
 * (empty: none are written).
 */
public record RaceSpec(ClosingSegment closing, Endpoint.Family family, int iterations, int ackCpu, int closeCpu,
                       boolean realtime, boolean control, Optional<Path> outDir) {
    public RaceSpec {
        Objects.requireNonNull(closing, "closing");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(outDir, "outDir");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1: " + iterations);
        }
        if (ackCpu < 0 || closeCpu < 0 || ackCpu == closeCpu) {
            throw new IllegalArgumentException("two different CPUs are needed, not " + ackCpu + " and " + closeCpu);
        }
    }
}

package io.finack.race;

import io.finack.tcp.Endpoint;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One race run: which closing segment, on which family, how many iterations of the race (and
 * as many of the sequential control, half in each order), from which two CPUs, how long after
 * the ACK the closing segment leaves (negative: before it; 0: together), whether the two racing
 * threads run under SCHED_FIFO while they race, and where the pcaps of hits go (empty: none are
 * written).
 */
public record RaceSpec(ClosingSegment closing, Endpoint.Family family, int iterations, int ackCpu, int closeCpu,
                       long offsetNanos, boolean realtime, boolean control, Optional<Path> outDir) {
    /** Offsets beyond this are no race: a segment takes a few microseconds to process. */
    public static final long MAX_OFFSET_NANOS = 1_000_000;

    public RaceSpec {
        Objects.requireNonNull(closing, "closing");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(outDir, "outDir");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1: " + iterations);
        }
        if (Math.abs(offsetNanos) > MAX_OFFSET_NANOS) {
            throw new IllegalArgumentException("offset " + offsetNanos + " ns is beyond " + MAX_OFFSET_NANOS + " ns");
        }
        if (ackCpu < 0 || closeCpu < 0 || ackCpu == closeCpu) {
            throw new IllegalArgumentException("two different CPUs are needed, not " + ackCpu + " and " + closeCpu);
        }
    }
}

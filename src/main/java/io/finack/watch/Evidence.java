package io.finack.watch;

import io.finack.analysis.PathFinding;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The pcap window kept around one finding: up to {@link Watch#WINDOW}'s frames before the
 * frame that decided it, then a short tail.
 *
 * @param epochNanos when the finding was decided
 * @param finding    the finding
 * @param pcap       the file, or empty when the evidence size cap left no room for it
 * @param frames     frames in the window
 * @param bytes      the file's size (what it would have been, when not written)
 */
public record Evidence(long epochNanos, PathFinding finding, Optional<Path> pcap, int frames, long bytes) {
    public Evidence {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(pcap, "pcap");
    }
}

package io.finack.loop;

import io.finack.analysis.PathFinding;

import java.util.Objects;
import java.util.Optional;

/**
 * A connection whose attempt entered the stale-ACK path, as the detector over the whole capture
 * found it, slow or not, with the window of the capture kept around it. The finding's frame
 * numbers count the whole capture, which is not kept; the window's own finding numbers its pcap.
 *
 * @param connection the connection's number in the loop, from 1
 * @param atMillis   when the finding was made (the SYN retry, or the end), from the loop's start
 * @param finding    the detector's finding
 * @param evidence   the window kept around it, unless as many windows were kept as may be
 */
public record PathEntry(long connection, double atMillis, PathFinding finding, Optional<SpikeEvidence> evidence) {
    public PathEntry {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(evidence, "evidence");
    }
}

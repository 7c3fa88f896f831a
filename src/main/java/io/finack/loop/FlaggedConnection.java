package io.finack.loop;

import java.util.Objects;
import java.util.Optional;

/**
 * A connection the loop reports one by one: it was still connecting after the threshold, or it
 * failed (a refused connect() is quick, but as telling).
 *
 * @param connection its number in the loop, from 1
 * @param atMillis   when it began (its socket()), from the loop's start
 * @param sentSyn    its connect() sent a SYN (it did not fail at once)
 * @param slow       still connecting after the threshold
 * @param connectMs  connect() to connected, NaN when it never connected
 * @param failure    why it failed, if it did
 * @param evidence   its window of the capture, unless the loop had kept as many windows as it may
 */
public record FlaggedConnection(long connection, double atMillis, boolean sentSyn, boolean slow, double connectMs, Optional<String> failure,
                                Optional<SpikeEvidence> evidence) {
    public FlaggedConnection {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(evidence, "evidence");
    }
}

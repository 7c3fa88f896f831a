package io.finack.capture;

import io.finack.wire.CaptureFileException;

import java.util.Objects;
import java.util.Optional;

/**
 * How reading a capture stream went: what was read, and the fault that ended it early, if
 * one did (not a capture, or a record cut by the stream's end); the summary covers the frames
 * before the fault.
 */
public record StreamRead(ReadSummary summary, Optional<CaptureFileException> fault) {
    public StreamRead {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(fault, "fault");
    }
}

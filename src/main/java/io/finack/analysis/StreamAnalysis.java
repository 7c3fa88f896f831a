package io.finack.analysis;

import io.finack.wire.CaptureFileException;

import java.util.Objects;
import java.util.Optional;

/**
 * What a capture read from a stream showed, up to its end or up to the fault that cut it
 * short ({@code finack analyze -}): the analysis covers every frame before the fault.
 */
public record StreamAnalysis(CaptureAnalysis analysis, Optional<CaptureFileException> fault) {
    public StreamAnalysis {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(fault, "fault");
    }
}

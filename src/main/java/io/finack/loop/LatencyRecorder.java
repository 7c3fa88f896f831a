package io.finack.loop;

import org.HdrHistogram.Histogram;
import io.finack.analysis.Stats;

import java.util.List;

/**
 * A latency distribution in constant memory, however many samples: an HdrHistogram of
 * nanoseconds to three significant digits (so a percentile is within 0.1 % of the sample's
 * value), with the exact minimum and maximum kept beside it.
 */
final class LatencyRecorder {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    void record(long nanos) {
        histogram.recordValue(Math.max(0, nanos));
        min = Math.min(min, nanos);
        max = Math.max(max, nanos);
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The distribution in milliseconds. */
    Stats millis() {
        if (count() == 0) {
            return Stats.of(List.of());
        }
        return new Stats((int) Math.min(Integer.MAX_VALUE, count()), min / 1e6, at(50), at(90), at(99), max / 1e6);
    }

    private double at(double percentile) {
        // The histogram answers with its bucket's upper edge, which may lie past the largest sample.
        return Math.max(min, Math.min(max, histogram.getValueAtPercentile(percentile))) / 1e6;
    }
}

package io.finack.experiment;

/**
 * How far from its script time an event may happen, as packetdrill allows it: the larger of a
 * fixed number of microseconds and a percentage of the gap since the previous event.
 */
public record Tolerance(long micros, double percent) {
    /** packetdrill's defaults: 4 ms, or 12.5 % of the gap. */
    public static final Tolerance DEFAULT = new Tolerance(4_000, 12.5);

    public Tolerance {
        if (micros < 0 || percent < 0 || Double.isNaN(percent)) {
            throw new IllegalArgumentException("a tolerance is not negative: " + micros + " us, " + percent + " %");
        }
    }

    /** The tolerance for an event {@code gapMicros} after the previous one. */
    public long forGap(long gapMicros) {
        return Math.max(micros, (long) (Math.max(0, gapMicros) * percent / 100));
    }
}

package io.finack.experiment;

/**
 * A point in a script's time: {@code 0.100} (absolute, from the script's start) or
 * {@code +0.010} (relative to the previous event), in microseconds.
 */
public record TimePoint(boolean relative, long micros) {
    public TimePoint {
        if (micros < 0) {
            throw new IllegalArgumentException("a script time is never negative: " + micros);
        }
    }

    @Override
    public String toString() {
        return (relative ? "+" : "") + seconds(micros);
    }

    /** {@code 0.1} for 100000 us: seconds with no trailing zeros. */
    public static String seconds(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }
}

package io.finack.analysis;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample: min, median, p90, p99, max (nearest-rank). */
public record Stats(int count, double min, double median, double p90, double p99, double max) {
    public static Stats of(List<Double> samples) {
        if (samples.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return new Stats(s.length, s[0], rank(s, 0.50), rank(s, 0.90), rank(s, 0.99), s[s.length - 1]);
    }

    private static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

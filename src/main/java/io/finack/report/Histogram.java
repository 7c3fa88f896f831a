package io.finack.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * Samples counted into equal-width bins for the HTML report's histograms: the square root of
 * the count of bins (Excel's rule, at least 1 and at most 40), from the smallest sample to the
 * largest, the last bin closed on the right so that the largest sample falls in it.
 */
record Histogram(double low, double width, int[] counts) {
    private static final int MAX_BINS = 40;

    static Histogram of(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a histogram needs samples");
        }
        double low = samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double high = samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        int bins = high == low ? 1 : Math.max(1, Math.min(MAX_BINS, (int) Math.ceil(Math.sqrt(samples.size()))));
        double width = high == low ? 0 : (high - low) / bins;
        int[] counts = new int[bins];
        for (double v : samples) {
            counts[width == 0 ? 0 : Math.min(bins - 1, (int) ((v - low) / width))]++;
        }
        return new Histogram(low, width, counts);
    }

    /** The bin's range as the chart's axis shows it: {@code 8.12-8.57}, {@code 0.014-0.016}. */
    String label(int bin) {
        double from = low + bin * width;
        return String.format(Locale.ROOT, "%s-%s", num(from), num(from + width));
    }

    private static String num(double v) {
        String format = v >= 100 ? "%.0f" : v >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, v);
    }

    /** {@code {"bins": [...labels], "counts": [...]}}. */
    ObjectNode json(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        ArrayNode labels = node.putArray("bins");
        ArrayNode values = node.putArray("counts");
        for (int i = 0; i < counts.length; i++) {
            labels.add(label(i));
            values.add(counts[i]);
        }
        return node;
    }
}

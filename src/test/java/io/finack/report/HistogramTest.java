package io.finack.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HistogramTest {
    @Test
    void squareRootOfTheCountOfEqualBinsClosedOnTheLeftButTheLast() {
        Histogram h = Histogram.of(List.of(8.0, 8.5, 9.0, 9.5, 10.0, 11.0, 12.0, 13.0, 14.0));
        assertArrayEquals(new int[] {4, 2, 3}, h.counts());
        assertEquals("8.00-10.00", h.label(0));
        assertEquals("12.00-14.00", h.label(2));
    }

    @Test
    void equalSamplesMakeOneBin() {
        assertArrayEquals(new int[] {2}, Histogram.of(List.of(1023.0, 1023.0)).counts());
    }
}

package io.finack.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HitRateTest {
    private static final double TIGHT = 1e-9;

    @Test
    void noHitGivesTheExactOneSidedBoundOfAboutThreeOverN() {
        HitRate r = HitRate.of(0, 100_000);
        // Clopper-Pearson with x = 0 has a closed form: the bound u solves (1 - u)^n = alpha.
        assertEquals(1 - Math.pow(0.05, 1.0 / 100_000), r.upperBound(), TIGHT);
        assertEquals(1 - Math.pow(0.025, 1.0 / 100_000), r.upper(), TIGHT);
        assertEquals(0, r.lower());
        assertEquals("0 of 100000, rate < 3.0e-05 at 95 %", r.toString());
    }

    @Test
    void everyTrialAHitMirrorsTheNoHitCase() {
        HitRate r = HitRate.of(20, 20);
        assertEquals(Math.pow(0.025, 1.0 / 20), r.lower(), TIGHT);
        assertEquals(1, r.upper());
    }

    @Test
    void halfOfTenMatchesThePublishedExactInterval() {
        // The exact 95 % interval for 5 of 10 is 0.1871 to 0.8129 in every table of it.
        HitRate r = HitRate.of(5, 10);
        assertEquals(0.187086, r.lower(), 1e-6);
        assertEquals(0.812914, r.upper(), 1e-6);
        assertEquals(0.5, r.rate());
        assertEquals("5 of 10, rate 5.0e-01 (95 % CI 1.9e-01 to 8.1e-01)", r.toString());
    }

    @Test
    void theOneSidedBoundLiesBetweenTheRateAndTheTwoSidedUpperBound() {
        HitRate r = HitRate.of(3, 1000);
        assertTrue(r.upperBound() < r.upper() && r.upperBound() > r.rate(), r.toString());
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HitRate.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> HitRate.of(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> HitRate.of(11, 10));
    }
}

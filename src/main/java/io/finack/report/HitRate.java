package io.finack.report;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * A rate from {@code hits} of {@code trials} with its exact (Clopper-Pearson) 95 % interval.
 * With no hit the useful statement is one-sided, "rate < u at 95 %", so {@link #upperBound()}
 * is the exact one-sided 95 % upper bound (1 - 0.05^(1/n) for no hit: about 3/n).
 *
 * @param lower       two-sided 95 % lower bound (0 with no hit)
 * @param upper       two-sided 95 % upper bound (1 when every trial hit)
 * @param upperBound  one-sided 95 % upper bound
 */
public record HitRate(int hits, int trials, double lower, double upper, double upperBound) {
    private static final double CONFIDENCE = 0.95;

    public HitRate {
        check(hits, trials);
    }

    public static HitRate of(int hits, int trials) {
        check(hits, trials);
        double tail = (1 - CONFIDENCE) / 2;
        double lower = hits == 0 ? 0 : new BetaDistribution(hits, trials - hits + 1).inverseCumulativeProbability(tail);
        double upper = hits == trials ? 1 : new BetaDistribution(hits + 1, trials - hits).inverseCumulativeProbability(1 - tail);
        double upperBound = hits == trials ? 1
                : new BetaDistribution(hits + 1, trials - hits).inverseCumulativeProbability(CONFIDENCE);
        return new HitRate(hits, trials, lower, upper, upperBound);
    }

    private static void check(int hits, int trials) {
        if (trials < 1 || hits < 0 || hits > trials) {
            throw new IllegalArgumentException(hits + " hits of " + trials + " trials");
        }
    }

    public double rate() {
        return (double) hits / trials;
    }

    /** "0 of 100000, rate < 3.0e-05 at 95 %" or "3 of 1000, rate 3.0e-03 (95 % CI 6.2e-04 to 8.7e-03)". */
    @Override
    public String toString() {
        if (hits == 0) {
            return String.format(java.util.Locale.ROOT, "%d of %d, rate < %.1e at 95 %%", hits, trials, upperBound);
        }
        return String.format(java.util.Locale.ROOT, "%d of %d, rate %.1e (95 %% CI %.1e to %.1e)", hits, trials, rate(),
                lower, upper);
    }
}

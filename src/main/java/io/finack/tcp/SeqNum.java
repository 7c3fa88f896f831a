package io.finack.tcp;

/**
 * Sequence-space arithmetic modulo 2^32 (RFC 793 section 3.3, RFC 1982). Sequence numbers are
 * carried as {@code long} values in [0, 2^32) so that they print unsigned.
 */
public final class SeqNum {
    public static final long MODULUS = 1L << 32;
    private static final long MASK = MODULUS - 1;

    private SeqNum() {
    }

    /** Reduces any long to a sequence number. */
    public static long of(long value) {
        return value & MASK;
    }

    public static long add(long seq, long delta) {
        return (seq + delta) & MASK;
    }

    /** Signed distance from {@code from} to {@code to}, in (-2^31, 2^31]. */
    public static long diff(long to, long from) {
        return (int) (to - from);
    }

    /** True when {@code a} comes strictly before {@code b} in sequence space. */
    public static boolean before(long a, long b) {
        return diff(b, a) > 0;
    }

    /** True when {@code a} comes strictly after {@code b} in sequence space. */
    public static boolean after(long a, long b) {
        return before(b, a);
    }

    /** True when {@code seq} lies in [low, high] taken along sequence space from low. */
    public static boolean between(long seq, long low, long high) {
        return of(seq - low) <= of(high - low);
    }

    public static void check(long seq, String what) {
        if (seq < 0 || seq > MASK) {
            throw new IllegalArgumentException(what + " is not a 32-bit sequence number: " + seq);
        }
    }
}

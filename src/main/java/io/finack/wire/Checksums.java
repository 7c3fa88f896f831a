package io.finack.wire;

/** The Internet checksum (RFC 1071) over byte ranges, for the headers finack writes itself. */
final class Checksums {
    private Checksums() {
    }

    /** Adds {@code length} bytes from {@code offset} to a running sum, as 16-bit big-endian words. */
    static int sum(byte[] b, int offset, int length, int sum) {
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += ((b[offset + i] & 0xff) << 8) | (b[offset + i + 1] & 0xff);
        }
        if (i < length) {
            sum += (b[offset + i] & 0xff) << 8;
        }
        return sum;
    }

    /** The checksum of a sum: folded to 16 bits and complemented. */
    static int fold(int sum) {
        long s = sum & 0xffffffffL;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }
}

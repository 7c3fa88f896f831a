package io.finack.capture;

/**
 * Fields read straight from a byte array, big-endian (network order) or in a capture's own
 * byte order. Plain array reads: under C1, which finack's JVM runs alone (src/main/jvm/finack.options),
 * a ByteBuffer's getInt goes through several calls and a scope check per field, and that was
 * a sixth of analyze's CPU samples. Each method is kept under C1's inlining limit (35 bytes of
 * bytecode), the wider ones made of the narrower.
 */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int be16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    }

    static int be32(byte[] b, int i) {
        return be16(b, i) << 16 | be16(b, i + 2);
    }

    static long be64(byte[] b, int i) {
        return (long) be32(b, i) << 32 | be32(b, i + 4) & 0xffff_ffffL;
    }

    /** A 32-bit word little-endian when {@code little}, else big-endian. */
    static int int32(byte[] b, int i, boolean little) {
        return little ? le16(b, i + 2) << 16 | le16(b, i) : be32(b, i);
    }

    private static int le16(byte[] b, int i) {
        return (b[i + 1] & 0xff) << 8 | b[i] & 0xff;
    }
}

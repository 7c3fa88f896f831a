package io.finack.tcp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** One TCP option, as carried in a SYN or any later segment. */
public sealed interface TcpOption {
    /** The option's kind byte (RFC 9293 and the IANA registry). */
    int kind();

    /** Bytes this option takes in the header, kind and length included. */
    int encodedLength();

    record EndOfList() implements TcpOption {
        public int kind() { return 0; }
        public int encodedLength() { return 1; }
        @Override public String toString() { return "eol"; }
    }

    record Nop() implements TcpOption {
        public int kind() { return 1; }
        public int encodedLength() { return 1; }
        @Override public String toString() { return "nop"; }
    }

    record Mss(int value) implements TcpOption {
        public Mss {
            if (value < 0 || value > 0xffff) throw new IllegalArgumentException("mss out of range: " + value);
        }
        public int kind() { return 2; }
        public int encodedLength() { return 4; }
        @Override public String toString() { return "mss " + value; }
    }

    record WindowScale(int shift) implements TcpOption {
        public WindowScale {
            if (shift < 0 || shift > 0xff) throw new IllegalArgumentException("wscale out of range: " + shift);
        }
        public int kind() { return 3; }
        public int encodedLength() { return 3; }
        @Override public String toString() { return "wscale " + shift; }
    }

    record SackPermitted() implements TcpOption {
        public int kind() { return 4; }
        public int encodedLength() { return 2; }
        @Override public String toString() { return "sackOK"; }
    }

    /** A SACK block list: each block is {left edge, right edge}. */
    record Sack(List<long[]> blocks) implements TcpOption {
        public Sack {
            blocks = blocks.stream().map(long[]::clone).toList();
            if (blocks.isEmpty() || blocks.size() > 4) throw new IllegalArgumentException("1 to 4 SACK blocks");
        }
        public int kind() { return 5; }
        public int encodedLength() { return 2 + 8 * blocks.size(); }
        @Override public boolean equals(Object o) {
            if (!(o instanceof Sack other) || other.blocks.size() != blocks.size()) return false;
            for (int i = 0; i < blocks.size(); i++) {
                if (!Arrays.equals(blocks.get(i), other.blocks.get(i))) return false;
            }
            return true;
        }
        @Override public int hashCode() {
            return blocks.stream().mapToInt(Arrays::hashCode).reduce(17, (a, b) -> 31 * a + b);
        }
        @Override public String toString() {
            StringBuilder s = new StringBuilder("sack");
            for (long[] b : blocks) s.append(' ').append(b[0]).append(':').append(b[1]);
            return s.toString();
        }
    }

    record Timestamps(long value, long echoReply) implements TcpOption {
        public Timestamps {
            SeqNum.check(value, "TS val");
            SeqNum.check(echoReply, "TS ecr");
        }
        public int kind() { return 8; }
        public int encodedLength() { return 10; }
        @Override public String toString() { return "TS val " + value + " ecr " + echoReply; }
    }

    /**
     * TCP Fast Open (RFC 7413, kind 34): an empty cookie is a cookie request, else the cookie
     * (4 to 16 bytes in the RFC; any length that fits the options is kept, as packetdrill allows
     * invalid ones).
     */
    record FastOpen(byte[] cookie) implements TcpOption {
        public static final int MAX_COOKIE = 38;
        public FastOpen {
            cookie = cookie.clone();
            if (cookie.length > MAX_COOKIE) throw new IllegalArgumentException("a TFO cookie has at most 38 bytes");
        }
        public byte[] cookie() { return cookie.clone(); }
        public int kind() { return 34; }
        public int encodedLength() { return 2 + cookie.length; }
        @Override public boolean equals(Object o) { return o instanceof FastOpen f && Arrays.equals(f.cookie, cookie); }
        @Override public int hashCode() { return Arrays.hashCode(cookie); }
        @Override public String toString() { return cookie.length == 0 ? "FO" : "FO " + HexFormat.of().formatHex(cookie); }
    }

    /**
     * The experimental TCP Fast Open option that came before kind 34: kind 254 with the magic
     * 0xF989 (RFC 6994's experiment identifier), then the cookie.
     */
    record FastOpenExp(byte[] cookie) implements TcpOption {
        public static final int MAGIC = 0xF989;
        public static final int MAX_COOKIE = 36;
        public FastOpenExp {
            cookie = cookie.clone();
            if (cookie.length > MAX_COOKIE) throw new IllegalArgumentException("an experimental TFO cookie has at most 36 bytes");
        }
        public byte[] cookie() { return cookie.clone(); }
        public int kind() { return 254; }
        public int encodedLength() { return 4 + cookie.length; }
        @Override public boolean equals(Object o) { return o instanceof FastOpenExp f && Arrays.equals(f.cookie, cookie); }
        @Override public int hashCode() { return 7 + Arrays.hashCode(cookie); }
        @Override public String toString() { return cookie.length == 0 ? "FOEXP" : "FOEXP " + HexFormat.of().formatHex(cookie); }
    }

    /** The TCP MD5 signature option (RFC 2385, kind 19): a 16-byte digest (shorter kept as written). */
    record Md5(byte[] digest) implements TcpOption {
        public static final int DIGEST = 16;
        public Md5 {
            digest = digest.clone();
            if (digest.length > DIGEST) throw new IllegalArgumentException("an MD5 digest has 16 bytes");
        }
        public byte[] digest() { return digest.clone(); }
        public int kind() { return 19; }
        public int encodedLength() { return 2 + digest.length; }
        @Override public boolean equals(Object o) { return o instanceof Md5 m && Arrays.equals(m.digest, digest); }
        @Override public int hashCode() { return 11 + Arrays.hashCode(digest); }
        @Override public String toString() { return digest.length == 0 ? "md5" : "md5 " + HexFormat.of().formatHex(digest); }
    }

    /** Any other option, kept byte for byte so that a decoded segment encodes back unchanged. */
    record Unknown(int kind, byte[] data) implements TcpOption {
        public Unknown {
            data = data.clone();
        }
        public byte[] data() { return data.clone(); }
        public int encodedLength() { return 2 + data.length; }
        @Override public boolean equals(Object o) {
            return o instanceof Unknown u && u.kind == kind && Arrays.equals(u.data, data);
        }
        @Override public int hashCode() { return 31 * kind + Arrays.hashCode(data); }
        @Override public String toString() { return "kind " + kind + " " + HexFormat.of().formatHex(data); }
    }
}

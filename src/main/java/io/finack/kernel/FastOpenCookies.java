package io.finack.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The TCP Fast Open cookie Linux computes for a client (since 5.2, net/ipv4/tcp_fastopen.c):
 * SipHash-2-4 of the SYN's source and destination addresses, keyed by the namespace's
 * net.ipv4.tcp_fastopen_key (four 32-bit words, each stored little-endian), written as a
 * little-endian 64-bit value. A script's cookie (packetdrill's {@code -D TFO_COOKIE=...}) is
 * the kernel's cookie for packetdrill's addresses; finack's endpoints differ, so
 * {@link #live} turns a script cookie that is the kernel's for one of packetdrill's address
 * pairs into the kernel's cookie for finack's pair, under the key the namespace has now.
 */
public final class FastOpenCookies {
    private static final Path KEY = Path.of("/proc/sys/net/ipv4/tcp_fastopen_key");
    /**
     * The (client, server) pairs a script's cookie may have been computed for: packetdrill's
     * default remote and local addresses on IPv4 and IPv6, and the loopback-range ones its
     * reference runs here use (127.2.0.1 to 127.1.0.1).
     */
    private static final List<InetAddress[]> SCRIPT_PAIRS = List.of(
            pair("192.0.2.1", "192.168.0.1"), pair("fd3d:fa7b:d17d::1", "fd3d:a0b:17d6::1"), pair("127.2.0.1", "127.1.0.1"));

    private FastOpenCookies() {
    }

    private static InetAddress[] pair(String client, String server) {
        try {
            return new InetAddress[] {InetAddress.getByName(client), InetAddress.getByName(server)};
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The cookie to use on the wire for a script's cookie, {@code client} connecting to
     * {@code server}: the kernel's cookie for them when the script's is the kernel's for one
     * of packetdrill's pairs under the calling thread's namespace key; else the script's.
     */
    public static byte[] live(byte[] script, InetAddress client, InetAddress server) {
        if (script.length != 8) {
            return script;
        }
        Optional<long[]> key = namespaceKey();
        if (key.isEmpty()) {
            return script;
        }
        for (InetAddress[] pair : SCRIPT_PAIRS) {
            if (Arrays.equals(cookie(key.get(), pair[0], pair[1]), script)) {
                return cookie(key.get(), client, server);
            }
        }
        return script;
    }

    /** The calling thread's namespace's primary key as SipHash's (k0, k1); empty if it cannot be read. */
    static Optional<long[]> namespaceKey() {
        try {
            return parseKey(Files.readAllLines(KEY).get(0));
        } catch (IOException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** {@code a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4[,backup]} as (k0, k1). */
    static Optional<long[]> parseKey(String text) {
        String[] words = text.strip().split(",")[0].split("-");
        if (words.length != 4) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (String w : words) {
                bytes.putInt((int) Long.parseLong(w, 16));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        bytes.flip();
        return Optional.of(new long[] {bytes.getLong(), bytes.getLong()});
    }

    /** The kernel's cookie for a SYN from {@code client} to {@code server} under {@code key}. */
    static byte[] cookie(long[] key, InetAddress client, InetAddress server) {
        byte[] source = client.getAddress();
        byte[] destination = server.getAddress();
        if (source.length != destination.length) {
            return new byte[0];
        }
        byte[] message = new byte[source.length * 2];
        System.arraycopy(source, 0, message, 0, source.length);
        System.arraycopy(destination, 0, message, source.length, destination.length);
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(sipHash24(key[0], key[1], message)).array();
    }

    /** SipHash-2-4 (Aumasson and Bernstein, 2012) of {@code message}, as the kernel's siphash(). */
    static long sipHash24(long k0, long k1, byte[] message) {
        long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L, k1 ^ 0x7465646279746573L};
        ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        int whole = message.length - message.length % 8;
        for (int i = 0; i < whole; i += 8) {
            long m = in.getLong(i);
            v[3] ^= m;
            round(v);
            round(v);
            v[0] ^= m;
        }
        long last = (long) (message.length & 0xff) << 56;
        for (int i = whole; i < message.length; i++) {
            last |= (message[i] & 0xffL) << (8 * (i - whole));
        }
        v[3] ^= last;
        round(v);
        round(v);
        v[0] ^= last;
        v[2] ^= 0xff;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13) ^ v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16) ^ v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21) ^ v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17) ^ v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}

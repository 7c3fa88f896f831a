package io.finack.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes a large pcap (nanosecond, little-endian, Ethernet) of ordinary TCP connections, IPv4
 * and IPv6, interleaved as a busy server's capture has them, with a known number of stale
 * ACK -> RST -> SYN retry chains (fast and 1 s ones) and decoys among them: SYNs refused by
 * RST/ACK from a closed port and SYNs lost once, then answered. Frames are built by hand into
 * one buffer (checksums left zero, as offloaded captures have them), so a gigabyte takes seconds.
 *
 * <p>Usage: {@code SyntheticCapture FILE MEGABYTES [SNAPLEN]}; prints the counts it wrote, one
 * {@code key value} a line, for scripts/bench-analyze to check finack's answer against. With a
 * snap length, each frame keeps its first SNAPLEN bytes (as {@code tcpdump -s SNAPLEN} keeps
 * them): many more, smaller records a gigabyte, the reader's per-frame cost rather than its
 * bytes.
 */
public final class SyntheticCapture {
    private static final int FAST_EVERY = 997;
    private static final int RTO_EVERY = 4999;
    private static final int REFUSED_EVERY = 101;
    private static final int LOST_EVERY = 211;
    private static final int CONCURRENT = 2000;
    private static final int MAX_SNAPLEN = 262144;
    private static final long START = 1_760_000_000_000_000_000L;

    private final FileChannel out;
    private final int snaplen;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] frame = new byte[2048];
    private final SplittableRandom random = new SplittableRandom(42);
    private long written;
    private long frames;
    private long connections;
    private long fast;
    private long rto;
    private long refused;
    private long lost;

    private SyntheticCapture(FileChannel out, int snaplen) {
        this.out = out;
        this.snaplen = snaplen;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: SyntheticCapture FILE MEGABYTES [SNAPLEN]");
            System.exit(2);
        }
        Counts c = write(Path.of(args[0]), Long.parseLong(args[1]) << 20, args.length == 3 ? Integer.parseInt(args[2]) : MAX_SNAPLEN);
        System.out.println("bytes " + c.bytes());
        System.out.println("frames " + c.frames());
        System.out.println("connections " + c.connections());
        System.out.println("fast_retry " + c.fastRetry());
        System.out.println("rto_retry " + c.rtoRetry());
        System.out.println("refused " + c.refused());
        System.out.println("lost_syn " + c.lostSyns());
    }

    /** What a file holds, by construction. */
    public record Counts(long bytes, long frames, long connections, long fastRetry, long rtoRetry, long refused, long lostSyns) {
    }

    /** Writes about {@code bytes} bytes (connections already open are finished) to {@code file}. */
    public static Counts write(Path file, long bytes) throws IOException {
        return write(file, bytes, MAX_SNAPLEN);
    }

    /** As {@link #write(Path, long)}, each frame cut to its first {@code snaplen} bytes. */
    public static Counts write(Path file, long bytes, int snaplen) throws IOException {
        if (snaplen < 68 || snaplen > MAX_SNAPLEN) {
            throw new IllegalArgumentException("snap length " + snaplen + " is not within 68.." + MAX_SNAPLEN);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            SyntheticCapture c = new SyntheticCapture(ch, snaplen);
            c.run(bytes);
            return new Counts(c.written, c.frames, c.connections, c.fast, c.rto, c.refused, c.lost);
        }
    }

    /** One connection's script: each call emits its next frame and says how long until the one after (ns), or -1 when done. */
    private final class Connection {
        final boolean ipv6;
        final int clientHost;
        final int clientPort;
        final int serverPort;
        final int kind;                 // 0 ordinary, 1 fast path, 2 RTO path, 3 refused, 4 lost SYN
        final long isn;
        final long serverIsn;
        int step;
        int responseSegments;
        /** This client's round-trip time: 0.2 to 5 ms, as a data centre's and a region's clients have. */
        final long rtt;
        long next;
        long clientSeq;
        long serverSeq;

        Connection(long id, long now) {
            ipv6 = (id & 3) == 3;
            clientHost = (int) (id % 50_000) + 1;
            clientPort = 1024 + (int) (id % 60_000);
            serverPort = (id & 1) == 0 ? 443 : 8080;
            // Offsets put one of each kind early, so a small file has them all.
            kind = id % RTO_EVERY == 700 ? 2 : id % FAST_EVERY == 300 ? 1
                    : id % REFUSED_EVERY == 50 ? 3 : id % LOST_EVERY == 100 ? 4 : 0;
            isn = random.nextLong(1L << 32);
            serverIsn = random.nextLong(1L << 32);
            responseSegments = 2 + random.nextInt(20);
            rtt = 200_000 + random.nextInt(4_800_000);
            next = now;
            clientSeq = (isn + 1) & 0xffff_ffffL;
            serverSeq = (serverIsn + 1) & 0xffff_ffffL;
            switch (kind) {
                case 1 -> fast++;
                case 2 -> rto++;
                case 3 -> refused++;
                case 4 -> lost++;
                default -> { }
            }
        }

        long emit() throws IOException {
            int s = step++;
            // The preamble of the unusual kinds; then every kind but "refused" runs an ordinary connection.
            if (kind == 1 || kind == 2) {
                switch (s) {
                    case 0: tcp(this, true, 0x02, isn, 0, 0, true); return rtt / 2;
                    case 1: tcp(this, false, 0x10, 1, 5, 0, false); return 30_000;       // the stale ACK; the RST follows at once
                    case 2: tcp(this, true, 0x04, 5, 0, 0, false); return kind == 1 ? 8_000_000 : 1_004_000_000L;
                    default: s -= 3;
                }
            } else if (kind == 3) {
                if (s == 0) {
                    tcp(this, true, 0x02, isn, 0, 0, true);
                    return rtt / 2;
                }
                tcp(this, false, 0x14, 0, (isn + 1) & 0xffff_ffffL, 0, false);
                return -1;
            } else if (kind == 4) {
                if (s == 0) {
                    tcp(this, true, 0x02, isn, 0, 0, true);
                    return 1_000_000_000L;
                }
                s -= 1;
            }
            switch (s) {
                case 0: tcp(this, true, 0x02, isn, 0, 0, true); return rtt / 2;
                case 1: tcp(this, false, 0x12, serverIsn, clientSeq, 0, true); return rtt / 2;
                case 2: tcp(this, true, 0x10, clientSeq, serverSeq, 0, false); return 50_000;
                case 3: {
                    int request = 200 + random.nextInt(400);
                    tcp(this, true, 0x18, clientSeq, serverSeq, request, false);
                    clientSeq = (clientSeq + request) & 0xffff_ffffL;
                    return rtt / 2 + random.nextInt(2_000_000);    // the server's think time
                }
                default: break;
            }
            int data = s - 4;
            if (data < responseSegments * 2) {
                if (data % 2 == 0) {
                    int len = data == responseSegments * 2 - 2 ? 100 + random.nextInt(1300) : 1448;
                    tcp(this, false, 0x18, serverSeq, clientSeq, len, false);
                    serverSeq = (serverSeq + len) & 0xffff_ffffL;
                } else {
                    tcp(this, true, 0x10, clientSeq, serverSeq, 0, false);
                }
                return data % 2 == 0 ? rtt / 2 : 10_000 + random.nextInt(100_000);
            }
            switch (data - responseSegments * 2) {
                case 0: tcp(this, true, 0x11, clientSeq, serverSeq, 0, false); return rtt / 2;
                case 1: tcp(this, false, 0x11, serverSeq, (clientSeq + 1) & 0xffff_ffffL, 0, false); return rtt / 2;
                default: tcp(this, true, 0x10, (clientSeq + 1) & 0xffff_ffffL, (serverSeq + 1) & 0xffff_ffffL, 0, false);
                    return -1;
            }
        }
    }

    private void run(long target) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(1);
        buf.put(header.array());
        written = 24;
        PriorityQueue<Connection> queue = new PriorityQueue<>((a, b) -> Long.compare(a.next, b.next));
        long now = START;
        for (int i = 0; i < CONCURRENT; i++) {
            queue.add(new Connection(connections++, now + i * 10_000L));
        }
        while (!queue.isEmpty()) {
            Connection c = queue.poll();
            now = c.next;
            long delay = c.emit();
            if (delay >= 0) {
                c.next = now + delay;
                queue.add(c);
            } else if (written < target) {
                queue.add(new Connection(connections++, now + random.nextInt(5_000_000)));
            }
            if (buf.remaining() < 4096) {
                flush();
            }
        }
        flush();
    }

    private long timestamp;

    /** One TCP frame from the client ({@code fromClient}) or the server, appended as a pcap record. */
    private void tcp(Connection c, boolean fromClient, int flags, long seq, long ack, int payload, boolean synOptions) {
        timestamp = c.next;
        int optionBytes = synOptions ? 20 : 12;        // MSS, SACK_PERM, timestamps, NOP, wscale; or NOP NOP timestamps
        int ipHeader = c.ipv6 ? 40 : 20;
        int tcpLength = 20 + optionBytes + payload;
        int length = 14 + ipHeader + tcpLength;
        ByteBuffer f = ByteBuffer.wrap(frame, 0, length).order(ByteOrder.BIG_ENDIAN);
        f.putLong(0x0200_0000_0001_0200L).putInt(0x0000_0002);
        f.putShort((short) (c.ipv6 ? 0x86dd : 0x0800));
        if (c.ipv6) {
            f.putInt(0x6000_0000).putShort((short) tcpLength).put((byte) 6).put((byte) 64);
            address6(f, fromClient ? c.clientHost : 0);
            address6(f, fromClient ? 0 : c.clientHost);
        } else {
            f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLength)).putInt(0x0000_4000)
                    .put((byte) 64).put((byte) 6).putShort((short) 0);
            f.putInt(fromClient ? 0x0a00_0000 | c.clientHost : 0xc0a8_0001);
            f.putInt(fromClient ? 0xc0a8_0001 : 0x0a00_0000 | c.clientHost);
        }
        f.putShort((short) (fromClient ? c.clientPort : c.serverPort)).putShort((short) (fromClient ? c.serverPort : c.clientPort));
        f.putInt((int) seq).putInt((int) ack);
        f.put((byte) ((20 + optionBytes) / 4 << 4)).put((byte) flags).putShort((short) 65535).putInt(0);
        if (synOptions) {
            f.putInt(0x0204_05b4).putShort((short) 0x0402).put((byte) 8).put((byte) 10).putInt((int) timestamp).putInt(0)
                    .put((byte) 1).put((byte) 3).put((byte) 3).put((byte) 7);
        } else {
            f.putShort((short) 0x0101).put((byte) 8).put((byte) 10).putInt((int) timestamp).putInt(0);
        }
        // The payload bytes are whatever the buffer held: their content does not matter to a header reader.
        int captured = Math.min(length, snaplen);
        buf.putInt((int) (timestamp / 1_000_000_000L)).putInt((int) (timestamp % 1_000_000_000L)).putInt(captured).putInt(length);
        buf.put(frame, 0, captured);
        written += 16 + captured;
        frames++;
    }

    private static void address6(ByteBuffer f, int host) {
        f.putLong(0x2001_0db8_0000_0000L).putLong(host == 0 ? 1 : 0x1_0000_0000L | host);
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        buf.clear();
    }
}

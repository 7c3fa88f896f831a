package io.finack.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes pcap and pcapng files byte by byte, as the formats' specifications lay them out, with
 * the knobs real writers turn: byte order, timestamp resolution, snap length, link type,
 * several pcapng interfaces, simple packet blocks, unknown blocks, and deliberately corrupt
 * lengths. The tests' own writer, so the files do not depend on which tool wrote them.
 */
final class CaptureBytes {
    private CaptureBytes() {
    }

    /** The link header for {@code linkType} in front of an IPv4 or IPv6 packet; {@code vlanTags} 802.1Q/802.1ad tags for Ethernet. */
    static byte[] frame(int linkType, byte[] ip, int vlanTags) {
        boolean v6 = (ip[0] & 0xf0) == 0x60;
        int etherType = v6 ? 0x86dd : 0x0800;
        ByteBuffer b;
        switch (linkType) {
            case LinkType.ETHERNET -> {
                b = ByteBuffer.allocate(14 + 4 * vlanTags + ip.length);
                b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
                for (int i = 0; i < vlanTags; i++) {
                    b.putShort((short) (i == 0 && vlanTags > 1 ? 0x88a8 : 0x8100)).putShort((short) (100 + i));
                }
                b.putShort((short) etherType);
            }
            case LinkType.LINUX_SLL -> {
                b = ByteBuffer.allocate(16 + ip.length);
                b.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]).putShort((short) etherType);
            }
            case LinkType.LINUX_SLL2 -> {
                b = ByteBuffer.allocate(20 + ip.length);
                b.putShort((short) etherType).putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0)
                        .put((byte) 6).put(new byte[8]);
            }
            case LinkType.NULL -> {
                // Host byte order of the writer: a little-endian machine's, with Linux's AF_INET6.
                b = ByteBuffer.allocate(4 + ip.length);
                b.order(ByteOrder.LITTLE_ENDIAN).putInt(v6 ? 10 : 2).order(ByteOrder.BIG_ENDIAN);
            }
            case LinkType.LOOP -> {
                b = ByteBuffer.allocate(4 + ip.length);
                b.putInt(v6 ? 24 : 2);
            }
            case LinkType.RAW, LinkType.RAW_DLT, LinkType.RAW_DLT_OPENBSD, LinkType.IPV4, LinkType.IPV6 ->
                    b = ByteBuffer.allocate(ip.length);
            default -> throw new IllegalArgumentException("no test framing for link type " + linkType);
        }
        return b.put(ip).array();
    }

    /** Where the IP header starts in a frame {@link #frame} made. */
    static int ipOffset(int linkType, int vlanTags) {
        return switch (linkType) {
            case LinkType.ETHERNET -> 14 + 4 * vlanTags;
            case LinkType.LINUX_SLL -> 16;
            case LinkType.LINUX_SLL2 -> 20;
            case LinkType.NULL, LinkType.LOOP -> 4;
            default -> 0;
        };
    }

    /** One record: timestamp, the bytes kept, the frame's length on the wire. */
    record Record(long epochNanos, byte[] data, int originalLength) {
        static Record whole(long epochNanos, byte[] frame) {
            return new Record(epochNanos, frame, frame.length);
        }

        /** The record a capture with this snap length keeps of {@code frame}. */
        static Record cut(long epochNanos, byte[] frame, int snaplen) {
            return new Record(epochNanos, Arrays.copyOf(frame, Math.min(snaplen, frame.length)), frame.length);
        }
    }

    /** A classic pcap file. */
    static byte[] pcap(ByteOrder order, boolean nanos, int linkType, int snaplen, Iterable<Record> records) {
        return pcap(order, nanos ? CaptureReader.PCAP_NANOS : CaptureReader.PCAP_MICROS, linkType, snaplen, records);
    }

    /** A pcap file with the given magic: microseconds, nanoseconds, or the modified format's longer record headers. */
    static byte[] pcap(ByteOrder order, int magic, int linkType, int snaplen, Iterable<Record> records) {
        boolean nanos = magic == CaptureReader.PCAP_NANOS;
        boolean modified = magic == CaptureReader.PCAP_MODIFIED;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
        out.writeBytes(h.array());
        for (Record r : records) {
            ByteBuffer rh = ByteBuffer.allocate(modified ? 24 : 16).order(order);
            long seconds = Math.floorDiv(r.epochNanos(), 1_000_000_000L);
            long fraction = Math.floorMod(r.epochNanos(), 1_000_000_000L);
            rh.putInt((int) seconds).putInt((int) (nanos ? fraction : fraction / 1000))
                    .putInt(r.data().length).putInt(r.originalLength());
            if (modified) {
                rh.putInt(1).putShort((short) 0x0800).put((byte) 0).put((byte) 0);   // ifindex, protocol, packet type, pad
            }
            out.writeBytes(rh.array());
            out.writeBytes(r.data());
        }
        return out.toByteArray();
    }

    /** A pcapng file, block by block. */
    static final class Pcapng {
        private final ByteOrder order;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pcapng(ByteOrder order) {
            this.order = order;
            section();
        }

        Pcapng section() {
            ByteBuffer body = buffer(16);
            body.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1);
            return block(0x0a0d0d0a, body.array());
        }

        /** An interface; {@code tsresol} as the if_tsresol byte (6: microseconds, 9: nanoseconds, 0x80|n: 2^-n), negative for none. */
        Pcapng iface(int linkType, int snaplen, int tsresol, long tsoffsetSeconds) {
            ByteBuffer body = buffer(8 + 8 + 12 + 4);
            body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            if (tsresol >= 0) {
                body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            }
            if (tsoffsetSeconds != 0) {
                body.putShort((short) 14).putShort((short) 8).putLong(tsoffsetSeconds);
            }
            body.putShort((short) 0).putShort((short) 0);
            return block(1, Arrays.copyOf(body.array(), body.position()));
        }

        /** An enhanced packet block; {@code units} in the interface's resolution. */
        Pcapng epb(int iface, long units, Record r) {
            ByteBuffer body = buffer(20 + padded(r.data().length) + 4);
            body.putInt(iface).putInt((int) (units >>> 32)).putInt((int) units).putInt(r.data().length)
                    .putInt(r.originalLength()).put(r.data());
            body.position(20 + padded(r.data().length));
            body.putShort((short) 0).putShort((short) 0);
            return block(6, body.array());
        }

        /** A simple packet block: interface 0, no timestamp; the data is the frame cut to the snap length. */
        Pcapng spb(Record r) {
            ByteBuffer body = buffer(4 + padded(r.data().length));
            body.putInt(r.originalLength()).put(r.data());
            return block(3, body.array());
        }

        Pcapng block(int type, byte[] body) {
            return rawBlock(type, body, 12 + body.length);
        }

        /** A block whose trailing length says {@code trailer} instead of its true length. */
        Pcapng rawBlock(int type, byte[] body, int trailer) {
            ByteBuffer b = buffer(12 + body.length);
            b.putInt(type).putInt(12 + body.length).put(body).putInt(trailer);
            out.writeBytes(b.array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private ByteBuffer buffer(int size) {
            return ByteBuffer.allocate(size).order(order);
        }

        private static int padded(int length) {
            return (length + 3) & ~3;
        }
    }
}

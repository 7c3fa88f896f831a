package io.finack.capture;

import io.finack.capture.CaptureBytes.Pcapng;
import io.finack.capture.CaptureBytes.Record;
import io.finack.wire.FrameCodec;
import io.finack.wire.TcpFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtFragmentPacket;
import org.pcap4j.packet.IpV6ExtOptionsPacket;
import org.pcap4j.packet.IpV6ExtRoutingPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;

import java.io.EOFException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libpcap (pcap4j's offline reader, IP and TCP decoded by pcap4j) is the reference: on every
 * file below, CaptureReader must hand over the same TCP frames with the same numbers,
 * timestamps, lengths and header fields, and count the same frames and the same cut headers.
 */
public class CaptureReaderAgreementTest {
    private static final long START = 1_760_000_000_123_456_789L;

    @TempDir
    Path dir;

    /** What both readers must agree on about one TCP frame. */
    record Fields(long number, long epochNanos, int capturedLength, int originalLength, String source, String destination,
                  long seq, long ack, int flags, int window, int headerLength, int payloadLength) {
        static Fields of(TcpView v) {
            return new Fields(v.number(), v.epochNanos(), v.capturedLength(), v.originalLength(), v.source().toString(),
                    v.destination().toString(), v.seq(), v.ack(), v.flags(), v.window(), v.headerLength(), v.payloadLength());
        }
    }

    /** A reader's account of a whole file. */
    record Account(long frames, List<Fields> tcp, long cut) {
    }

    static Account ours(Path file, int window) throws Exception {
        List<Fields> tcp = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ReadSummary s = new CaptureReader(window).read(file, v -> tcp.add(Fields.of(v)), warnings::add);
        assertEquals(s.tcpFrames(), tcp.size());
        return new Account(s.frames(), tcp, s.cutTcpHeaders());
    }

    /** The stream reader's account of {@code file} piped in {@code chunk} bytes a read (1: every record straddles reads). */
    static Account streamed(Path file, int chunk) throws Exception {
        List<Fields> tcp = new ArrayList<>();
        InputStream in = new ChunkedStream(Files.readAllBytes(file), chunk);
        StreamRead r = new CaptureReader().read(in, file, v -> tcp.add(Fields.of(v)), w -> { });
        assertEquals(Optional.empty(), r.fault().map(Throwable::getMessage), "the whole stream reads");
        assertEquals(r.summary().tcpFrames(), tcp.size());
        assertEquals(Files.size(file), r.summary().bytes());
        return new Account(r.summary().frames(), tcp, r.summary().cutTcpHeaders());
    }

    /** A stream handing over at most {@code chunk} bytes a read, as a pipe does what its writer wrote. */
    static final class ChunkedStream extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int at;

        ChunkedStream(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** libpcap's records, IP decoded by pcap4j from {@code ipOffset} (the record's bytes zero-padded to its wire length, so a cut frame's present fields still decode). */
    static Account libpcap(Path file, int ipOffset) throws Exception {
        List<Fields> tcp = new ArrayList<>();
        long frames = 0;
        long cut = 0;
        try (PcapHandle h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO)) {
            while (true) {
                byte[] raw;
                try {
                    raw = h.getNextRawPacketEx();
                } catch (EOFException e) {
                    break;
                }
                frames++;
                Timestamp ts = h.getTimestamp();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                int origlen = h.getOriginalLength();
                byte[] padded = Arrays.copyOf(raw, Math.max(raw.length, origlen));
                if (padded.length <= ipOffset || raw.length <= ipOffset) {
                    continue;
                }
                Packet ip = (padded[ipOffset] & 0xf0) == 0x60
                        ? IpV6Packet.newPacket(padded, ipOffset, padded.length - ipOffset)
                        : IpV4Packet.newPacket(padded, ipOffset, padded.length - ipOffset);
                Packet tcpPart = tcpPart(ip);
                if (tcpPart == null) {
                    continue;
                }
                // Where the TCP header starts, from pcap4j's IP layer; a header cut short is counted, not read.
                int tcpOffset = padded.length - tcpPart.length();
                if (raw.length < tcpOffset + 20) {
                    cut++;
                    continue;
                }
                TcpPacket t = (TcpPacket) tcpPart;
                TcpFrame f = FrameCodec.fromIp(ip).orElseThrow();
                tcp.add(new Fields(frames, nanos, raw.length, origlen, f.source().toString(), f.destination().toString(),
                        f.segment().seq(), f.segment().ack(), f.segment().flags().bits(), f.segment().window(),
                        t.getHeader().getDataOffsetAsInt() * 4, f.segment().payloadLength()));
            }
        }
        return new Account(frames, tcp, cut);
    }

    /** The part of an IP packet pcap4j says is TCP (whether or not it could decode it), or null. */
    private static Packet tcpPart(Packet ip) {
        if (ip instanceof IpV4Packet v4) {
            boolean tcp = v4.getHeader().getProtocol().equals(IpNumber.TCP) && v4.getHeader().getFragmentOffset() == 0;
            return tcp ? v4.getPayload() : null;
        }
        IpNumber next = ((IpV6Packet) ip).getHeader().getNextHeader();
        Packet part = ip.getPayload();
        while (part != null && !next.equals(IpNumber.TCP)) {
            if (part instanceof IpV6ExtOptionsPacket o) {
                next = o.getHeader().getNextHeader();
            } else if (part instanceof IpV6ExtRoutingPacket r) {
                next = r.getHeader().getNextHeader();
            } else if (part instanceof IpV6ExtFragmentPacket f) {
                next = f.getHeader().getFragmentOffset() == 0 ? f.getHeader().getNextHeader() : IpNumber.IPV6_NONXT;
            } else {
                return null;
            }
            part = part.getPayload();
        }
        return part;
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** CaptureReader and libpcap agree frame for frame on {@code file}, its IP headers {@code ipOffset} bytes into each frame. */
    public static void assertAgreesWithLibpcap(Path file, int ipOffset) throws Exception {
        agree(file, ipOffset);
    }

    private static void assertAgree(Account reference, Account ours) {
        assertEquals(reference.frames(), ours.frames(), "frames");
        assertEquals(reference.cut(), ours.cut(), "cut TCP headers");
        assertEquals(reference.tcp().size(), ours.tcp().size(), "TCP frames");
        for (int i = 0; i < reference.tcp().size(); i++) {
            assertEquals(reference.tcp().get(i), ours.tcp().get(i), "TCP frame " + i);
        }
    }

    /**
     * Both readers on one file, with a window small enough that records straddle its end, and
     * with the default; and the file piped through the stream reader, a byte a read and 4 KiB a read.
     */
    private static Account agree(Path file, int ipOffset) throws Exception {
        Account reference = libpcap(file, ipOffset);
        assertAgree(reference, ours(file, 300));
        Account ours = ours(file, ByteWindow.INITIAL);
        assertAgree(reference, ours);
        assertAgree(reference, streamed(file, 1));
        assertAgree(reference, streamed(file, 4096));
        return ours;
    }

    private static List<Record> records(int linkType, int vlanTags, boolean ipv4, boolean ipv6) {
        List<Record> records = new ArrayList<>();
        long t = START;
        for (byte[] ip : FrameCorpus.packets(ipv4, ipv6)) {
            records.add(Record.whole(t, CaptureBytes.frame(linkType, ip, vlanTags)));
            t += 1_234_567;
        }
        return records;
    }

    private static List<Record> micros(List<Record> records) {
        return records.stream().map(r -> new Record(r.epochNanos() / 1000 * 1000, r.data(), r.originalLength())).toList();
    }

    @ParameterizedTest
    @CsvSource({"BIG_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,false", "LITTLE_ENDIAN,true"})
    void pcapInBothByteOrdersAndBothResolutions(String order, boolean nanos) throws Exception {
        List<Record> records = records(LinkType.ETHERNET, 0, true, true);
        ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Path file = write("e.pcap", CaptureBytes.pcap(byteOrder, nanos, LinkType.ETHERNET, 65535, records));

        Account ours = agree(file, 14);

        assertEquals(13, ours.frames());
        assertEquals(11, ours.tcp().size(), "the UDP packet and the later fragment are not TCP");
        long expectedNanos = nanos ? records.get(0).epochNanos() : records.get(0).epochNanos() / 1000 * 1000;
        assertEquals(expectedNanos, ours.tcp().get(0).epochNanos());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void modifiedPcapWithLongerRecordHeaders(String order) throws Exception {
        Path file = write("m.pcap", CaptureBytes.pcap(order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                CaptureReader.PCAP_MODIFIED, LinkType.ETHERNET, 65535, micros(records(LinkType.ETHERNET, 0, true, true))));

        assertEquals(11, agree(file, 14).tcp().size());
    }

    @ParameterizedTest
    @CsvSource({"1,0", "1,1", "1,2", "1,3", "113,0", "276,0", "0,0", "108,0", "101,0", "12,0", "14,0"})
    void pcapOfEveryLinkType(int linkType, int vlanTags) throws Exception {
        Path file = write("l.pcap", CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, linkType, 262144,
                records(linkType, vlanTags, true, true)));

        Account ours = agree(file, CaptureBytes.ipOffset(linkType, vlanTags));

        assertEquals(11, ours.tcp().size());
    }

    @ParameterizedTest
    @CsvSource({"228,true,false,6", "229,false,true,5"})
    void pcapOfOneFamilyRawLinkTypes(int linkType, boolean ipv4, boolean ipv6, int tcpFrames) throws Exception {
        Path file = write("r.pcap", CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, false, linkType, 262144,
                micros(records(linkType, 0, ipv4, ipv6))));

        assertEquals(tcpFrames, agree(file, 0).tcp().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 40, 54, 60, 66, 74, 80, 96})
    void snapLengthsCutFramesAndCutTcpHeadersAreCounted(int snaplen) throws Exception {
        List<Record> records = new ArrayList<>();
        for (Record r : records(LinkType.ETHERNET, 1, true, true)) {
            records.add(Record.cut(r.epochNanos(), r.data(), snaplen));
        }
        Path file = write("s.pcap", CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, snaplen, records));

        Account ours = agree(file, 18);

        assertEquals(13, ours.frames());
        if (snaplen >= 94) {
            assertEquals(11, ours.tcp().size() + ours.cut(), "every TCP frame is read or counted as cut");
        } else if (snaplen >= 28) {
            assertTrue(ours.cut() > 0, "IPv4's protocol is kept, some TCP header is not");
        } else {
            assertEquals(0, ours.tcp().size() + ours.cut(), "no protocol kept: nothing known to be TCP");
        }
    }

    @Test
    void recordsLongerThanTheFilesSnapLengthAreKeptToIt() throws Exception {
        // Some writers put a snap length in the header and longer records after it: libpcap keeps the snap length's bytes.
        Path file = write("long.pcap", CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, 60,
                records(LinkType.ETHERNET, 0, true, true)));

        Account ours = agree(file, 14);

        assertTrue(ours.cut() > 0, "IPv6 TCP headers end past byte 60");
        ours.tcp().forEach(f -> assertTrue(f.capturedLength() <= 60, f.toString()));
    }

    @ParameterizedTest
    @CsvSource({"BIG_ENDIAN,6,0", "LITTLE_ENDIAN,9,0", "LITTLE_ENDIAN,-1,0", "BIG_ENDIAN,134,0", "LITTLE_ENDIAN,9,3600",
            "LITTLE_ENDIAN,3,0"})
    void pcapngWithOneInterfaceAtEachResolution(String order, int tsresol, long tsoffset) throws Exception {
        Pcapng file = new Pcapng(order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        file.iface(LinkType.ETHERNET, 262144, tsresol, tsoffset);
        for (Record r : records(LinkType.ETHERNET, 0, true, true)) {
            file.epb(0, units(r.epochNanos() - tsoffset * 1_000_000_000L, tsresol), r);
        }

        Account ours = agree(write("one.pcapng", file.bytes()), 14);

        assertEquals(11, ours.tcp().size());
    }

    @Test
    void pcapngWithTwoInterfacesSimplePacketsIgnoredBlocksAndASecondSection() throws Exception {
        Pcapng file = new Pcapng(ByteOrder.LITTLE_ENDIAN);
        file.iface(LinkType.ETHERNET, 262144, 9, 0);
        file.iface(LinkType.ETHERNET, 262144, 6, 0);      // libpcap wants one snap length for all interfaces
        List<Record> records = records(LinkType.ETHERNET, 0, true, true);
        file.block(4, new byte[] {0, 0, 0, 0});                  // name resolution block, empty
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            if (i % 3 == 0) {
                file.epb(0, units(r.epochNanos(), 9), r);
            } else if (i % 3 == 1) {
                file.epb(1, units(r.epochNanos(), 6), Record.cut(r.epochNanos(), r.data(), 70));
            } else {
                file.spb(r);
            }
        }
        file.block(5, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});  // interface statistics
        file.section();
        file.iface(LinkType.ETHERNET, 262144, 9, 0);
        file.epb(0, units(START + 10_000_000_000L, 9), records.get(0));

        Account ours = agree(write("two.pcapng", file.bytes()), 14);

        assertEquals(14, ours.frames());
    }

    @Test
    void pcapngWithInterfacesOfDifferentLinkTypesAgreesWithEachInterfaceAlone() throws Exception {
        // libpcap refuses a pcapng whose interfaces differ in link type, so each interface's
        // frames are checked against libpcap reading them from a pcapng of their own.
        int[] linkTypes = {LinkType.ETHERNET, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.LINUX_SLL};
        int[] resolutions = {9, 6, 0x80 | 24, 9};
        Pcapng mixed = new Pcapng(ByteOrder.BIG_ENDIAN);
        Pcapng[] alone = new Pcapng[linkTypes.length];
        for (int i = 0; i < linkTypes.length; i++) {
            mixed.iface(linkTypes[i], 262144, resolutions[i], 0);
            alone[i] = new Pcapng(ByteOrder.BIG_ENDIAN).iface(linkTypes[i], 262144, resolutions[i], 0);
        }
        List<Integer> order = new ArrayList<>();
        List<byte[]> packets = FrameCorpus.packets(true, true);
        long t = START;
        for (int n = 0; n < packets.size(); n++) {
            int i = n % linkTypes.length;
            Record r = Record.whole(t, CaptureBytes.frame(linkTypes[i], packets.get(n), 0));
            mixed.epb(i, units(t, resolutions[i]), r);
            alone[i].epb(0, units(t, resolutions[i]), r);
            order.add(i);
            t += 987_654_321;
        }
        List<Deque<Fields>> expected = new ArrayList<>();
        long cut = 0;
        for (int i = 0; i < linkTypes.length; i++) {
            Account a = libpcap(write("alone" + i + ".pcapng", alone[i].bytes()), CaptureBytes.ipOffset(linkTypes[i], 0));
            expected.add(new ArrayDeque<>(a.tcp()));
            cut += a.cut();
        }
        List<Fields> reference = new ArrayList<>();
        int[] seen = new int[linkTypes.length];
        for (int n = 0; n < order.size(); n++) {
            int i = order.get(n);
            seen[i]++;
            Fields next = expected.get(i).peekFirst();
            if (next != null && next.number() == seen[i]) {
                expected.get(i).removeFirst();
                reference.add(new Fields(n + 1, next.epochNanos(), next.capturedLength(), next.originalLength(), next.source(),
                        next.destination(), next.seq(), next.ack(), next.flags(), next.window(), next.headerLength(),
                        next.payloadLength()));
            }
        }
        Path file = write("mixed.pcapng", mixed.bytes());

        assertAgree(new Account(order.size(), reference, cut), ours(file, 300));
        assertEquals(11, reference.size());
    }

    @Test
    void aFileLargerThanTheWindowReadsTheSame() throws Exception {
        List<Record> records = new ArrayList<>();
        List<Record> one = records(LinkType.ETHERNET, 0, true, true);
        for (int i = 0; i < 4000; i++) {
            Record r = one.get(i % one.size());
            records.add(new Record(START + i * 1000L, r.data(), r.originalLength()));
        }
        Path file = write("big.pcap", CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, 65535, records));
        assertTrue(Files.size(file) > 100 * 4096, "size " + Files.size(file));

        Account reference = libpcap(file, 14);
        assertAgree(reference, ours(file, 4096));
        assertAgree(reference, ours(file, 4099));
    }

    /** Nanoseconds since the epoch in an interface's units ({@code tsresol} as the if_tsresol byte, -1: microseconds). */
    static long units(long epochNanos, int tsresol) {
        if (tsresol < 0) {
            tsresol = 6;
        }
        if ((tsresol & 0x80) != 0) {
            int shift = tsresol & 0x7f;
            long seconds = epochNanos / 1_000_000_000L;
            long fraction = epochNanos % 1_000_000_000L;
            return (seconds << shift) + (fraction << shift) / 1_000_000_000L;
        }
        long scale = 1;
        for (int i = tsresol; i < 9; i++) {
            scale *= 10;
        }
        return epochNanos / scale;
    }
}

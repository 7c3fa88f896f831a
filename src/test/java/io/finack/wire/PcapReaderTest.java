package io.finack.wire;

import io.finack.tcp.Endpoint;
import io.finack.testing.TraceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapReaderTest {
    private static final Endpoint CLIENT4 = Endpoint.of("127.0.0.1", 40000);
    private static final Endpoint SERVER4 = Endpoint.of("127.0.0.1", 8080);
    private static final Endpoint CLIENT6 = Endpoint.of("::1", 40001);
    private static final Endpoint SERVER6 = Endpoint.of("::1", 8080);
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int ETHERNET_HEADER = 14;
    /** An ARP request as lo never carries it, but a capture on another interface would. */
    private static final byte[] ARP = arp();

    @TempDir
    Path dir;

    private static List<CapturedFrame> handshakes() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT4, SERVER4, syn(1000));
        t.after(31.5, SERVER4, CLIENT4, synAck(7000, 1001));
        t.after(12.25, CLIENT4, SERVER4, ack(1001, 7001));
        t.after(1000, CLIENT6, SERVER6, syn(4_294_967_295L));
        t.after(0.001, SERVER6, CLIENT6, synAck(3, 0));
        return t.frames();
    }

    private Path write(String name, List<CapturedFrame> frames) throws IOException {
        Path path = dir.resolve(name);
        PcapWriter.writeAll(path, frames);
        return path;
    }

    private static List<CapturedFrame> readAll(Path path) throws CaptureFileException {
        List<CapturedFrame> frames = new ArrayList<>();
        PcapReader.read(path, frames::add);
        return frames;
    }

    @Test
    void readsBackWhatPcapWriterWroteToTheNanosecond() throws Exception {
        List<CapturedFrame> written = handshakes();
        Path path = write("handshakes.pcap", written);

        List<CapturedFrame> read = new ArrayList<>();
        long records = PcapReader.read(path, read::add);

        assertEquals(5, records);
        assertEquals(5, read.size());
        for (int i = 0; i < written.size(); i++) {
            assertEquals(i + 1, read.get(i).number());
            assertEquals(written.get(i).epochNanos(), read.get(i).epochNanos());
            assertArrayEquals(written.get(i).raw(), read.get(i).raw());
            assertEquals(written.get(i).tcp(), read.get(i).tcp());
        }
        assertEquals(TraceBuilder.START_NANOS + 1_043_750, read.get(3).epochNanos());
        assertEquals(TraceBuilder.START_NANOS + 1_043_751, read.get(4).epochNanos());
    }

    @Test
    void countsNonTcpRecordsSoNumbersMatchWireshark() throws Exception {
        List<CapturedFrame> tcp = handshakes();
        Path path = dir.resolve("mixed.pcap");
        try (PcapWriter w = PcapWriter.create(path)) {
            w.write(ARP, TraceBuilder.START_NANOS - 1);
            w.write(tcp.get(0));
            w.write(ARP, tcp.get(0).epochNanos() + 1);
            w.write(tcp.get(1));
        }

        List<CapturedFrame> read = new ArrayList<>();
        long records = PcapReader.read(path, read::add);

        assertEquals(4, records);
        assertEquals(List.of(2L, 4L), read.stream().map(CapturedFrame::number).toList());
        assertEquals(tcp.get(1).tcp(), read.get(1).tcp());
    }

    @Test
    void decodesRawIpAndLinuxCookedLinkTypes() throws Exception {
        CapturedFrame v4 = handshakes().get(0);
        CapturedFrame v6 = handshakes().get(3);
        for (CapturedFrame frame : List.of(v4, v6)) {
            byte[] ip = Arrays.copyOfRange(frame.raw(), ETHERNET_HEADER, frame.raw().length);
            ByteBuffer cooked = ByteBuffer.allocate(16 + ip.length)
                    .putShort((short) 0)          // packet type: to us
                    .putShort((short) 772)        // ARPHRD_LOOPBACK
                    .putShort((short) 6).put(new byte[8])
                    .putShort((short) (frame.tcp().source().ipv6() ? 0x86dd : 0x0800))
                    .put(ip);
            for (int linkType : new int[] {LINKTYPE_RAW, LINKTYPE_LINUX_SLL}) {
                byte[] record = linkType == LINKTYPE_RAW ? ip : cooked.array();
                Path path = dir.resolve("link" + linkType + ".pcap");
                Files.write(path, pcap(linkType, 1_760_000_000L, 123_456_789, record));

                List<CapturedFrame> read = readAll(path);

                assertEquals(1, read.size(), "link type " + linkType);
                assertEquals(frame.tcp(), read.get(0).tcp(), "link type " + linkType);
                assertEquals(1_760_000_000_123_456_789L, read.get(0).epochNanos());
            }
        }
    }

    @Test
    void readsPcapngWithNanosecondResolution() throws Exception {
        List<CapturedFrame> frames = handshakes().subList(0, 2);
        Path path = dir.resolve("handshake.pcapng");
        Files.write(path, pcapng(frames));

        List<CapturedFrame> read = readAll(path);

        assertEquals(2, read.size());
        assertEquals(frames.get(1).tcp(), read.get(1).tcp());
        assertEquals(frames.get(1).epochNanos(), read.get(1).epochNanos());
        assertEquals(2, read.get(1).number());
    }

    @Test
    void missingFileIsOneLine() {
        Path path = dir.resolve("nowhere.pcap");
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> readAll(path));
        assertEquals("capture file not found: " + path, e.getMessage());
    }

    @Test
    void directoryIsNotACaptureFile() {
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> readAll(dir));
        assertEquals("capture file is not a regular file: " + dir, e.getMessage());
    }

    @Test
    void textFileIsNotACaptureFile() throws Exception {
        Path path = dir.resolve("notes.pcap");
        Files.writeString(path, "stale ACK -> RST -> SYN retry\n");
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> readAll(path));
        assertEquals("not a pcap or pcapng capture file: " + path + " (libpcap: unknown file format)", e.getMessage());
    }

    @Test
    void emptyFileIsNotACaptureFile() throws Exception {
        Path path = Files.createFile(dir.resolve("empty.pcap"));
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> readAll(path));
        assertTrue(e.getMessage().startsWith("not a pcap or pcapng capture file: " + path + " (libpcap: "), e.getMessage());
        assertOneLine(e);
    }

    @Test
    void fileHeaderCutShortSaysTruncated() throws Exception {
        byte[] whole = Files.readAllBytes(write("whole.pcap", handshakes()));
        Path path = dir.resolve("header.pcap");
        Files.write(path, Arrays.copyOf(whole, 10));
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> readAll(path));
        assertTrue(e.getMessage().startsWith("capture file truncated in its file header: " + path), e.getMessage());
        assertOneLine(e);
    }

    @Test
    void recordCutShortNamesTheFrameAfterHandingOverTheEarlierOnes() throws Exception {
        List<CapturedFrame> frames = handshakes();
        byte[] whole = Files.readAllBytes(write("whole.pcap", frames));
        Path path = dir.resolve("cut.pcap");
        // The last record's header says 74 bytes follow; only 67 do.
        Files.write(path, Arrays.copyOf(whole, whole.length - 7));

        List<CapturedFrame> delivered = new ArrayList<>();
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> PcapReader.read(path, delivered::add));

        assertEquals(4, delivered.size());
        assertTrue(e.getMessage().startsWith("capture file truncated in the middle of frame 5: " + path
                + " (libpcap: truncated dump file; tried to read " + frames.get(4).raw().length + " captured bytes, only got "
                + (frames.get(4).raw().length - 7) + ")"), e.getMessage());
        assertOneLine(e);
    }

    @Test
    void recordHeaderCutShortNamesTheFrame() throws Exception {
        List<CapturedFrame> frames = handshakes().subList(0, 3);
        byte[] whole = Files.readAllBytes(write("whole.pcap", frames));
        Path path = dir.resolve("cut.pcap");
        // Keep 6 of the third record's 16 header bytes.
        Files.write(path, Arrays.copyOf(whole, whole.length - frames.get(2).raw().length - 10));

        List<CapturedFrame> delivered = new ArrayList<>();
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> PcapReader.read(path, delivered::add));

        assertEquals(2, delivered.size());
        assertTrue(e.getMessage().startsWith("capture file truncated in the middle of frame 3: "), e.getMessage());
        assertOneLine(e);
    }

    private static void assertOneLine(Exception e) {
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
    }

    private static byte[] arp() {
        return ByteBuffer.allocate(ETHERNET_HEADER + 28)
                .put(new byte[] {-1, -1, -1, -1, -1, -1}).put(new byte[6]).putShort((short) 0x0806)
                .putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1)
                .put(new byte[6]).put(new byte[] {127, 0, 0, 1}).put(new byte[6]).put(new byte[] {127, 0, 0, 2})
                .array();
    }

    /** A one-record nanosecond pcap file of any link type, as libpcap writes it on x86. */
    private static byte[] pcap(int linkType, long seconds, int nanos, byte[] record) {
        return ByteBuffer.allocate(24 + 16 + record.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(PcapWriter.SNAPLEN).putInt(linkType)
                .putInt((int) seconds).putInt(nanos).putInt(record.length).putInt(record.length).put(record)
                .array();
    }

    /** A pcapng file: section header, one Ethernet interface with if_tsresol 9 (ns), one enhanced block per frame. */
    private static byte[] pcapng(List<CapturedFrame> frames) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x0a0d0d0a).putInt(28).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
        b.putInt(1).putInt(32).putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(PcapWriter.SNAPLEN)
                .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3])
                .putShort((short) 0).putShort((short) 0).putInt(32);
        for (CapturedFrame f : frames) {
            int padded = (f.raw().length + 3) & ~3;
            int length = 32 + padded;
            b.putInt(6).putInt(length).putInt(0)
                    .putInt((int) (f.epochNanos() >>> 32)).putInt((int) f.epochNanos())
                    .putInt(f.raw().length).putInt(f.raw().length).put(f.raw()).put(new byte[padded - f.raw().length])
                    .putInt(length);
        }
        return Arrays.copyOf(b.array(), b.position());
    }
}

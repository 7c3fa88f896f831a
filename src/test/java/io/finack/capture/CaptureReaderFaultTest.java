package io.finack.capture;

import io.finack.capture.CaptureBytes.Pcapng;
import io.finack.capture.CaptureBytes.Record;
import io.finack.wire.CaptureFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bad input: what ends the read (with the byte offset in a one-line reason) and what the
 * reader steps over with a warning, reading the rest of the file.
 */
class CaptureReaderFaultTest {
    @TempDir
    Path dir;

    private static final long T = 1_760_000_000_000_000_000L;

    private static List<Record> records() {
        List<Record> r = new ArrayList<>();
        for (byte[] ip : FrameCorpus.packets(true, false)) {
            r.add(Record.whole(T + r.size() * 1000L, CaptureBytes.frame(LinkType.ETHERNET, ip, 0)));
        }
        return r;
    }

    private Path write(byte[] bytes) throws Exception {
        Path p = dir.resolve("f");
        Files.write(p, bytes);
        return p;
    }

    /** The fault that ends the read, which the same bytes piped in as a stream end with too, after the same frames. */
    private String failure(byte[] bytes) throws Exception {
        Path p = write(bytes);
        long[] fileFrames = new long[1];
        CaptureFileException e = assertThrows(CaptureFileException.class,
                () -> new CaptureReader().read(p, v -> fileFrames[0]++, w -> { }));
        assertEquals(e.reason() + "", e.getMessage().replace(": " + p, ""), "the message is the reason naming the file");
        long[] streamFrames = new long[1];
        StreamRead streamed = new CaptureReader().read(new CaptureReaderAgreementTest.ChunkedStream(bytes, 7), Path.of("-"),
                v -> streamFrames[0]++, w -> { });
        assertEquals(e.reason(), streamed.fault().map(CaptureFileException::reason).orElse("no fault"), "streamed");
        assertEquals(fileFrames[0], streamFrames[0], "TCP frames before the fault, streamed");
        assertEquals(streamFrames[0], streamed.summary().tcpFrames());
        return e.reason();
    }

    private record Outcome(ReadSummary summary, List<String> warnings) {
    }

    private Outcome read(byte[] bytes) throws Exception {
        List<String> warnings = new ArrayList<>();
        ReadSummary s = new CaptureReader().read(write(bytes), v -> { }, warnings::add);
        return new Outcome(s, warnings);
    }

    @Test
    void aWrongMagicIsAnErrorAtByteZero() throws Exception {
        assertEquals("not a pcap or pcapng capture file: magic number 0x6e6f7420 at byte 0",
                failure("not a capture\n".repeat(5).getBytes()));
        assertEquals("not a pcap or pcapng capture file: 2 bytes, too short for a magic number at byte 0",
                failure(new byte[] {1, 2}));
    }

    @Test
    void aPcapCutInItsHeaderOrARecordIsAnErrorAtTheRecordsOffset() throws Exception {
        byte[] whole = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, 65535, records());
        assertEquals("capture file truncated in its file header (10 of 24 bytes) at byte 0",
                failure(Arrays.copyOf(whole, 10)));
        // Records: 24 + (16 + 74) + (16 + 54) = 184 is where frame 3 starts.
        assertEquals("capture file truncated in the record header of frame 3: 8 of 16 bytes at byte 184",
                failure(Arrays.copyOf(whole, 192)));
        assertEquals("capture file truncated in frame 3: 354 bytes captured, 100 left in the file at byte 184",
                failure(Arrays.copyOf(whole, 184 + 16 + 100)));
    }

    @Test
    void aRecordLongerThanLibpcapAllowsIsCorrupt() throws Exception {
        byte[] bytes = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.ETHERNET, 65535, records());
        ByteBuffer.wrap(bytes).putInt(24 + 16 + 74 + 8, 300_000);
        assertEquals("corrupt record header of frame 2: captured length 300000 > 262144 at byte 114", failure(bytes));
    }

    @Test
    void aPcapOfAnUnknownLinkTypeIsAnErrorAtTheLinkTypeField() throws Exception {
        byte[] bytes = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, 147, 65535, List.of());
        assertEquals("unsupported link type 147 (finack reads Ethernet, Linux cooked v1/v2, raw IP, NULL/LOOP) at byte 20",
                failure(bytes));
    }

    @Test
    void pcapngUnknownBlocksAndBadTrailersAreSkippedWithAWarningAndTheRestIsRead() throws Exception {
        List<Record> records = records();
        Pcapng file = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 262144, 9, 0);
        file.epb(0, T, records.get(0));                                  // frame 1 at byte 28 + 32
        int unknownAt = file.bytes().length;
        file.block(0x0c0ffee0 & ~3, new byte[8]);
        int badTrailerAt = file.bytes().length;
        file.rawBlock(4, new byte[4], 99);
        file.epb(0, T + 1000, records.get(1));

        Outcome o = read(file.bytes());

        assertEquals(2, o.summary().frames());
        assertEquals(2, o.summary().tcpFrames());
        assertEquals(List.of(
                "byte " + unknownAt + ": unknown pcapng block type 0xc0ffee0 (20 bytes) skipped",
                "byte " + badTrailerAt + ": block (type 0x4) ends with length 99, not 16: block skipped"), o.warnings());
    }

    @Test
    void aPcapngInterfaceOfAnUnknownLinkTypeIsWarnedAboutAndItsFramesCounted() throws Exception {
        Pcapng file = new Pcapng(ByteOrder.BIG_ENDIAN).iface(147, 262144, 6, 0).iface(LinkType.ETHERNET, 262144, 6, 0);
        file.epb(0, 1, new Record(T, new byte[] {1, 2, 3}, 3));
        file.epb(1, 2, records().get(0));

        Outcome o = read(file.bytes());

        assertEquals(2, o.summary().frames());
        assertEquals(1, o.summary().skippedFrames());
        assertEquals(1, o.summary().tcpFrames());
        assertEquals(List.of("byte 28: interface 0 has link type 147, which finack cannot decode: its frames are counted, not read"),
                o.warnings());
    }

    @Test
    void pcapngFaultsThatLoseThePlaceAreErrorsAtTheBlocksOffset() throws Exception {
        Pcapng good = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 262144, 9, 0);
        int epbAt = good.bytes().length;
        good.epb(0, T, records().get(0));
        byte[] whole = good.bytes();

        assertEquals("capture file truncated in a block (type 0x6) of 112 bytes, 50 left at byte " + epbAt,
                failure(Arrays.copyOf(whole, epbAt + 50)));
        assertEquals("capture file truncated in a block header (6 of 12 bytes) at byte " + epbAt,
                failure(Arrays.copyOf(whole, epbAt + 6)));

        byte[] oddLength = whole.clone();
        ByteBuffer.wrap(oddLength).order(ByteOrder.LITTLE_ENDIAN).putInt(epbAt + 4, 13);
        assertEquals("corrupt block (type 0x6): length 13 at byte " + epbAt, failure(oddLength));

        byte[] badInterface = whole.clone();
        ByteBuffer.wrap(badInterface).order(ByteOrder.LITTLE_ENDIAN).putInt(epbAt + 8, 7);
        assertEquals("corrupt packet block of frame 1: interface 7 not described (1 interfaces in the section) at byte " + epbAt,
                failure(badInterface));

        byte[] badCaplen = whole.clone();
        ByteBuffer.wrap(badCaplen).order(ByteOrder.LITTLE_ENDIAN).putInt(epbAt + 20, 500);
        assertEquals("corrupt packet block of frame 1: captured length 500 > the 80 bytes it has room for at byte " + epbAt,
                failure(badCaplen));

        byte[] badByteOrder = whole.clone();
        ByteBuffer.wrap(badByteOrder).putInt(8, 0x12345678);
        assertEquals("corrupt section header: byte-order magic 0x12345678 at byte 8", failure(badByteOrder));
    }

    @Test
    void aMissingFileOrADirectoryIsNamedAsSuch() throws Exception {
        CaptureFileException missing = assertThrows(CaptureFileException.class,
                () -> new CaptureReader().read(dir.resolve("gone"), v -> { }, w -> { }));
        assertEquals("capture file not found", missing.reason());
        CaptureFileException directory = assertThrows(CaptureFileException.class,
                () -> new CaptureReader().read(dir, v -> { }, w -> { }));
        assertEquals("capture file is not a regular file", directory.reason());
    }
}

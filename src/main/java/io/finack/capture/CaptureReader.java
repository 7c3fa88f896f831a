package io.finack.capture;

import io.finack.wire.CaptureFileException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads pcap and pcapng files fast: the file is read a megabyte at a time into one array, each record's headers are
 * decoded in place there, and only TCP frames reach the sink, through one reusable {@link TcpView}.
 * libpcap, read through pcap4j by the tests' reference reader, reads the same files the same
 * way, frame for frame; tests hold the two to that.
 *
 * <p>Faults that leave the rest of the file unreadable (a wrong magic, a cut record, a block
 * length that cannot be true) end the read with a {@link CaptureFileException} naming the byte
 * offset. Faults the format lets a reader step over (an unknown pcapng block, a block whose
 * trailing length disagrees with its leading one, an interface of an unknown link type) go to
 * the warning consumer with their offset, and the rest of the file is read.
 */
public final class CaptureReader {
    static final int PCAP_MICROS = 0xa1b2c3d4;
    static final int PCAP_NANOS = 0xa1b23c4d;
    static final int PCAPNG_SHB = 0x0a0d0d0a;
    /** libpcap's limit on a record for every link type finack reads (max_snaplen_for_dlt). */
    static final int MAX_SNAPLEN = 262144;
    private static final int PCAP_FILE_HEADER = 24;
    /** Alexey Kuznetsov's patched libpcap: microseconds, and 8 more bytes in each record header (ifindex, protocol, type). */
    static final int PCAP_MODIFIED = 0xa1b2cd34;
    private static final int PCAP_RECORD_HEADER = 16;
    private static final int PCAP_MODIFIED_RECORD_HEADER = 24;

    private final int window;

    public CaptureReader() {
        this(ByteWindow.INITIAL);
    }

    /** A reader whose window starts at {@code window} bytes; small windows let tests cross window edges. */
    CaptureReader(int window) {
        this.window = window;
    }

    /** Reads {@code path} start to end, TCP frames to {@code sink}, warnings (one line each, with the byte offset) to {@code warnings}. */
    public ReadSummary read(Path path, FrameSink sink, Consumer<String> warnings) throws CaptureFileException {
        try (FileChannel channel = open(path)) {
            return read(path, new ByteWindow(Channels.newInputStream(channel), window, sink::beforeWait),
                    new RecordDecoder(sink), warnings);
        } catch (IOException e) {
            throw CaptureFileException.of(path, "cannot read capture file", ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a pcap or pcapng capture from {@code stream} as it arrives (a pipe from
     * {@code tcpdump -U -w -}), each frame handed to {@code sink} as soon as its record is
     * complete, in memory bounded by the largest record, until the stream ends. A fault (not a
     * capture, a record cut by the stream's end) ends the read: the summary then covers the
     * frames before it, and {@link StreamRead#fault()} says what it was. {@code name} names the
     * stream in messages.
     */
    public StreamRead read(InputStream stream, Path name, FrameSink sink, Consumer<String> warnings) {
        ByteWindow in = new ByteWindow(stream, ByteWindow.INITIAL, sink::beforeWait);
        RecordDecoder records = new RecordDecoder(sink);
        try {
            return new StreamRead(read(name, in, records, warnings), Optional.empty());
        } catch (CaptureFileException e) {
            return new StreamRead(records.summary(in.size()), Optional.of(e));
        } catch (IOException e) {
            return new StreamRead(records.summary(in.size()),
                    Optional.of(CaptureFileException.of(name, "cannot read the capture", ": " + e.getMessage(), e)));
        }
    }

    /** The walk both sources share: the magic number decides pcap or pcapng. */
    ReadSummary read(Path path, ByteWindow in, RecordDecoder records, Consumer<String> warnings)
            throws IOException, CaptureFileException {
        long had = in.available(0, 4);
        if (had < 4) {
            throw fault(path, "not a pcap or pcapng capture file: " + had + " bytes, too short for a magic number", 0);
        }
        int start = in.at(0, 4);
        int magic = in.be().getInt(start);
        if (magic == PCAPNG_SHB) {
            records.format("pcapng");
            new PcapngFormat(path, in, records, warnings).read();
            return records.summary(in.size());
        }
        return readPcap(path, in, magic, records);
    }

    private static FileChannel open(Path path) throws CaptureFileException {
        if (!Files.exists(path)) {
            throw CaptureFileException.of(path, "capture file not found", "", null);
        }
        if (!Files.isRegularFile(path)) {
            throw CaptureFileException.of(path, "capture file is not a regular file", "", null);
        }
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw CaptureFileException.of(path, "capture file not found", "", e);
        } catch (IOException e) {
            throw CaptureFileException.of(path, "capture file not readable", " (" + e.getMessage() + ")", e);
        }
    }

    private ReadSummary readPcap(Path path, ByteWindow in, int magic, RecordDecoder records)
            throws IOException, CaptureFileException {
        int bigEndian = magic;
        if (bigEndian == PCAP_MICROS || bigEndian == PCAP_NANOS || bigEndian == PCAP_MODIFIED) {
            in.fileOrder(ByteOrder.BIG_ENDIAN);
        } else if ((bigEndian = Integer.reverseBytes(magic)) == PCAP_MICROS || bigEndian == PCAP_NANOS
                || bigEndian == PCAP_MODIFIED) {
            in.fileOrder(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw fault(path, String.format(Locale.ROOT,
                    "not a pcap or pcapng capture file: magic number 0x%08x", magic), 0);
        }
        long header = in.available(0, PCAP_FILE_HEADER);
        if (header < PCAP_FILE_HEADER) {
            throw fault(path, "capture file truncated in its file header (" + header + " of 24 bytes)", 0);
        }
        int at = in.at(0, PCAP_FILE_HEADER);
        ByteBuffer file = in.file();
        int major = file.getShort(at + 4) & 0xffff;
        if (major != 2) {
            throw fault(path, "unsupported pcap version " + major + "." + (file.getShort(at + 6) & 0xffff), 4);
        }
        int snaplen = file.getInt(at + 16);
        // The upper bits carry the FCS length, not the link type (LT_LINKTYPE).
        int linkType = file.getInt(at + 20) & 0xffff;
        if (!LinkType.supported(linkType)) {
            throw fault(path, "unsupported link type " + linkType
                    + " (finack reads Ethernet, Linux cooked v1/v2, raw IP, NULL/LOOP)", 20);
        }
        // libpcap keeps at most the snap length of each record, however long the record says it is.
        int keep = snaplen <= 0 || snaplen > MAX_SNAPLEN ? MAX_SNAPLEN : snaplen;
        boolean nanos = bigEndian == PCAP_NANOS;
        records.format(nanos ? "pcap (nanosecond)" : bigEndian == PCAP_MODIFIED ? "pcap (modified, microsecond)"
                : "pcap (microsecond)");
        int recordHeader = bigEndian == PCAP_MODIFIED ? PCAP_MODIFIED_RECORD_HEADER : PCAP_RECORD_HEADER;
        long unit = nanos ? 1 : 1000;
        boolean little = in.littleEndian();
        long offset = PCAP_FILE_HEADER;
        long had;
        while ((had = in.available(offset, recordHeader)) > 0) {
            if (had < recordHeader) {
                throw fault(path, "capture file truncated in the record header of frame " + (records.frames() + 1)
                        + ": " + had + " of " + recordHeader + " bytes", offset);
            }
            at = in.at(offset, recordHeader);
            byte[] bytes = in.array();
            long seconds = Bytes.int32(bytes, at, little) & 0xffff_ffffL;
            long fraction = Bytes.int32(bytes, at + 4, little) & 0xffff_ffffL;
            long caplen = Bytes.int32(bytes, at + 8, little) & 0xffff_ffffL;
            int origlen = Bytes.int32(bytes, at + 12, little);
            long frame = records.frames() + 1;
            if (caplen > MAX_SNAPLEN) {
                throw fault(path, "corrupt record header of frame " + frame + ": captured length " + caplen
                        + " > " + MAX_SNAPLEN, offset);
            }
            if ((had = in.available(offset + recordHeader, caplen)) < caplen) {
                throw fault(path, "capture file truncated in frame " + frame + ": " + caplen + " bytes captured, "
                        + had + " left in the file", offset);
            }
            int kept = (int) Math.min(caplen, keep);
            at = in.at(offset + recordHeader, kept);
            records.record(in.array(), at, linkType, seconds * 1_000_000_000L + fraction * unit, kept, origlen);
            offset += recordHeader + caplen;
        }
        return records.summary(in.size());
    }

    static CaptureFileException fault(Path path, String what, long offset) {
        return CaptureFileException.of(path, what + " at byte " + offset, "", null);
    }
}

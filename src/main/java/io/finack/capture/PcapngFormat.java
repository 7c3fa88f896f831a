package io.finack.capture;

import io.finack.wire.CaptureFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The pcapng block walk: sections (each with its own byte order and interfaces), interfaces
 * (link type, snap length, timestamp resolution and offset), and the three packet blocks
 * (enhanced, simple, and the obsolete packet block libpcap still reads).
 */
final class PcapngFormat {
    private static final int SHB = 0x0a0d0d0a;
    private static final int IDB = 1;
    private static final int PACKET_BLOCK = 2;
    private static final int SPB = 3;
    private static final int NRB = 4;
    private static final int ISB = 5;
    private static final int EPB = 6;
    private static final int JOURNAL = 9;
    private static final int DSB = 0x0a;
    private static final int CUSTOM = 0x0bad;
    private static final int CUSTOM_NO_COPY = 0x4000_0bad;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int OPT_END = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    /** libpcap's cap on a block that is not a packet (MAX_BLOCKSIZE); a packet block may be its snap length larger. */
    private static final int MAX_BLOCK = 16 << 20;

    private final Path path;
    private final ByteWindow in;
    private final RecordDecoder records;
    private final Consumer<String> warnings;
    private Interface[] interfaces = new Interface[0];
    private int interfaceCount;

    /** One interface of the current section: what its packet blocks' bytes and timestamps mean. */
    private record Interface(int linkType, int snaplen, long unitsPerSecond, long offsetSeconds) {
        long epochNanos(long units) {
            long seconds = Long.divideUnsigned(units, unitsPerSecond);
            long fraction = Long.remainderUnsigned(units, unitsPerSecond);
            long nanos;
            if (unitsPerSecond <= 1_000_000_000L) {
                nanos = fraction * 1_000_000_000L / unitsPerSecond;
            } else if (unitsPerSecond % 1_000_000_000L == 0) {
                nanos = fraction / (unitsPerSecond / 1_000_000_000L);
            } else {
                // A binary resolution finer than 2^-30 s: the product would overflow, and a double is exact to well under 1 ns.
                nanos = (long) ((double) fraction * 1e9 / unitsPerSecond);
            }
            return (seconds + offsetSeconds) * 1_000_000_000L + nanos;
        }
    }

    PcapngFormat(Path path, ByteWindow in, RecordDecoder records, Consumer<String> warnings) {
        this.path = path;
        this.in = in;
        this.records = records;
        this.warnings = warnings;
    }

    void read() throws IOException, CaptureFileException {
        long offset = 0;
        long left;
        while ((left = in.available(offset, 12)) > 0) {
            if (left < 12) {
                throw CaptureReader.fault(path, "capture file truncated in a block header (" + left + " of 12 bytes)", offset);
            }
            int at = in.at(offset, 12);
            int type = in.file().getInt(at);
            if (type == SHB) {
                // The byte-order magic decides how this section's lengths, the SHB's own included, read.
                sectionOrder(offset);
            }
            at = in.at(offset, 12);
            long length = in.file().getInt(at + 4) & 0xffff_ffffL;
            if (length < 12 || length % 4 != 0 || length > MAX_BLOCK + CaptureReader.MAX_SNAPLEN) {
                throw CaptureReader.fault(path, String.format(Locale.ROOT,
                        "corrupt block (type 0x%x): length %d", type, length), offset);
            }
            if ((left = in.available(offset, length)) < length) {
                throw CaptureReader.fault(path, String.format(Locale.ROOT,
                        "capture file truncated in a block (type 0x%x) of %d bytes, %d left", type, length, left), offset);
            }
            at = in.at(offset, (int) length);
            ByteBuffer file = in.file();
            int trailer = file.getInt(at + (int) length - 4);
            if ((trailer & 0xffff_ffffL) != length) {
                warnings.accept(String.format(Locale.ROOT,
                        "byte %d: block (type 0x%x) ends with length %d, not %d: block skipped",
                        offset, type, trailer & 0xffff_ffffL, length));
            } else {
                block(type, offset, at, (int) length);
            }
            offset += length;
        }
    }

    private void sectionOrder(long offset) throws CaptureFileException, IOException {
        if (in.available(offset, 16) < 16) {
            throw CaptureReader.fault(path, "capture file truncated in its section header", offset);
        }
        int at = in.at(offset, 16);
        int magic = in.be().getInt(at + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            in.fileOrder(ByteOrder.BIG_ENDIAN);
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            in.fileOrder(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw CaptureReader.fault(path, String.format(Locale.ROOT,
                    "corrupt section header: byte-order magic 0x%08x", magic), offset + 8);
        }
        int major = in.file().getShort(at + 12) & 0xffff;
        if (major != 1) {
            throw CaptureReader.fault(path, "unsupported pcapng version " + major, offset + 12);
        }
    }

    private void block(int type, long offset, int at, int length) throws CaptureFileException {
        ByteBuffer file = in.file();
        switch (type) {
            case SHB -> interfaceCount = 0;
            case IDB -> addInterface(file, offset, at, length);
            case EPB -> timestampedPacket(file, offset, at, length, "enhanced packet block", file.getInt(at + 8));
            case SPB -> {
                if (length < 16) {
                    throw CaptureReader.fault(path, "corrupt simple packet block: length " + length, offset);
                }
                Interface i = interfaceOf(0, offset);
                int origlen = file.getInt(at + 8);
                // The block keeps min(original length, snap length) bytes; it has no timestamp.
                long caplen = Math.min(origlen & 0xffff_ffffL, length - 16L);
                if (i.snaplen > 0) {
                    caplen = Math.min(caplen, i.snaplen);
                }
                packet(i, offset, at + 12, length - 16, -1, (int) caplen, origlen);
            }
            // The obsolete packet block: an EPB's layout with a 16-bit interface id (and drops count) in its first word.
            case PACKET_BLOCK -> timestampedPacket(file, offset, at, length, "packet block", file.getShort(at + 8) & 0xffff);
            case NRB, ISB, JOURNAL, DSB, CUSTOM, CUSTOM_NO_COPY -> { }
            default -> warnings.accept(String.format(Locale.ROOT,
                    "byte %d: unknown pcapng block type 0x%x (%d bytes) skipped", offset, type, length));
        }
    }

    /** An EPB or packet block: interface id, 64-bit timestamp, captured and original lengths, then the data. */
    private void timestampedPacket(ByteBuffer file, long offset, int at, int length, String block, int interfaceId)
            throws CaptureFileException {
        if (length < 32) {
            throw CaptureReader.fault(path, "corrupt " + block + ": length " + length, offset);
        }
        Interface i = interfaceOf(interfaceId, offset);
        long units = (file.getInt(at + 12) & 0xffff_ffffL) << 32 | (file.getInt(at + 16) & 0xffff_ffffL);
        packet(i, offset, at + 28, length - 32, units, file.getInt(at + 20), file.getInt(at + 24));
    }

    private void packet(Interface i, long offset, int data, int room, long units, int caplen, int origlen)
            throws CaptureFileException {
        if (caplen < 0 || caplen > room) {
            throw CaptureReader.fault(path, "corrupt packet block of frame " + (records.frames() + 1)
                    + ": captured length " + (caplen & 0xffff_ffffL) + " > the " + room + " bytes it has room for", offset);
        }
        if (!LinkType.supported(i.linkType)) {
            records.skipped();
            return;
        }
        long nanos = units < 0 ? 0 : i.epochNanos(units);
        records.record(in.array(), data, i.linkType, nanos, caplen, origlen);
    }

    private Interface interfaceOf(int id, long offset) throws CaptureFileException {
        if (id < 0 || id >= interfaceCount) {
            throw CaptureReader.fault(path, "corrupt packet block of frame " + (records.frames() + 1) + ": interface "
                    + (id & 0xffff_ffffL) + " not described (" + interfaceCount + " interfaces in the section)", offset);
        }
        return interfaces[id];
    }

    private void addInterface(ByteBuffer file, long offset, int at, int length) throws CaptureFileException {
        if (length < 20) {
            throw CaptureReader.fault(path, "corrupt interface description block: length " + length, offset);
        }
        int linkType = file.getShort(at + 8) & 0xffff;
        int snaplen = file.getInt(at + 12);
        long unitsPerSecond = 1_000_000;
        long offsetSeconds = 0;
        int option = at + 16;
        int end = at + length - 4;
        while (option + 4 <= end) {
            int code = file.getShort(option) & 0xffff;
            int size = file.getShort(option + 2) & 0xffff;
            if (code == OPT_END || option + 4 + size > end) {
                break;
            }
            if (code == IF_TSRESOL && size >= 1) {
                int resolution = file.get(option + 4) & 0xff;
                int exponent = resolution & 0x7f;
                boolean binary = (resolution & 0x80) != 0;
                if (binary ? exponent > 62 : exponent > 18) {
                    throw CaptureReader.fault(path, "corrupt interface description block: if_tsresol 0x"
                            + Integer.toHexString(resolution) + " out of range", offset);
                }
                unitsPerSecond = binary ? 1L << exponent : pow10(exponent);
            } else if (code == IF_TSOFFSET && size >= 8) {
                offsetSeconds = file.getLong(option + 4);
            }
            option += 4 + ((size + 3) & ~3);
        }
        if (!LinkType.supported(linkType)) {
            warnings.accept("byte " + offset + ": interface " + interfaceCount + " has " + LinkType.name(linkType)
                    + ", which finack cannot decode: its frames are counted, not read");
        }
        if (interfaceCount == interfaces.length) {
            interfaces = Arrays.copyOf(interfaces, Math.max(4, interfaces.length * 2));
        }
        interfaces[interfaceCount++] = new Interface(linkType, snaplen, unitsPerSecond, offsetSeconds);
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}

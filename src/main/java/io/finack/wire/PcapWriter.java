package io.finack.wire;

import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.sql.Timestamp;

/**
 * Writes lo frames to a pcap file through libpcap's dumper, with nanosecond timestamps
 * (magic a1b23c4d, which tcpdump, tshark and Wireshark read).
 */
public final class PcapWriter implements AutoCloseable {
    /** lo's MTU is 65536; a snap length above it keeps every frame whole. */
    public static final int SNAPLEN = 262144;

    private final PcapHandle dead;
    private final PcapDumper dumper;
    private final Path path;

    private PcapWriter(Path path, PcapHandle dead, PcapDumper dumper) {
        this.path = path;
        this.dead = dead;
        this.dumper = dumper;
    }

    public static PcapWriter create(Path path) throws IOException {
        return create(path, DataLinkType.EN10MB.value(), SNAPLEN);
    }

    /** A pcap of frames of another link type (a LINKTYPE_ number) or snap length than lo's, as a live capture of any interface has them. */
    public static PcapWriter create(Path path, int linkType, int snaplen) throws IOException {
        PcapHandle dead = null;
        try {
            dead = Pcaps.openDead(DataLinkType.getInstance(linkType), snaplen, PcapHandle.TimestampPrecision.NANO);
            return new PcapWriter(path, dead, dead.dumpOpen(path.toString()));
        } catch (PcapNativeException | NotOpenException e) {
            if (dead != null) {
                dead.close();
            }
            throw new IOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public void write(byte[] raw, long epochNanos) throws IOException {
        Timestamp ts = new Timestamp(Math.floorDiv(epochNanos, 1_000_000_000L) * 1000);
        ts.setNanos((int) Math.floorMod(epochNanos, 1_000_000_000L));
        try {
            dumper.dumpRaw(raw, ts);
        } catch (NotOpenException e) {
            throw new IOException("pcap writer for " + path + " is closed", e);
        }
    }

    public void write(CapturedFrame frame) throws IOException {
        write(frame.raw(), frame.epochNanos());
    }

    /** One frame to write: its number in the file, its capture time, its bytes. */
    public record Frame(long number, long epochNanos, byte[] raw) {
    }

    /** Writes frames of any protocol, in the order given, to a new file. */
    public static void writeFrames(Path path, List<Frame> frames) throws IOException {
        try (PcapWriter w = create(path)) {
            for (Frame f : frames) {
                w.write(f.raw(), f.epochNanos());
            }
        }
    }

    /** Writes a whole sequence of frames to a new file. */
    public static void writeAll(Path path, Iterable<CapturedFrame> frames) throws IOException {
        try (PcapWriter w = create(path)) {
            for (CapturedFrame f : frames) {
                w.write(f);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            dumper.flush();
        } catch (PcapNativeException | NotOpenException e) {
            throw new IOException("cannot flush " + path + ": " + e.getMessage(), e);
        } finally {
            dumper.close();
            dead.close();
        }
    }
}

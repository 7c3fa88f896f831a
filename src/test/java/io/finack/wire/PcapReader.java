package io.finack.wire;

import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.Packet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Streams the TCP frames of a pcap or pcapng file through libpcap's offline reader, one record
 * at a time, so a file of any size is read in constant memory.
 *
 * <p>pcap4j parses each record by the file's link type, so Ethernet, raw IP and Linux cooked
 * captures decode as far as pcap4j understands them. Frame numbers count every record, TCP or
 * not, as Wireshark does, so a finding's frame numbers can be looked up there.
 */
public final class PcapReader {
    /** pcap4j puts this in front of libpcap's own message, which is the part users need. */
    private static final String PCAP4J_PREFIX = "Error occurred in pcap_next_ex(): ";

    private PcapReader() {
    }

    /**
     * Hands each TCP frame of {@code path} to {@code sink} in file order and returns how many
     * records the file holds, TCP or not. Frames before a fault have been handed over when the
     * exception is thrown.
     */
    public static long read(Path path, Consumer<? super CapturedFrame> sink) throws CaptureFileException {
        try (PcapHandle handle = open(path)) {
            long number = 0;
            while (true) {
                Packet packet;
                try {
                    packet = handle.getNextPacketEx();
                } catch (EOFException e) {
                    return number;
                } catch (PcapNativeException | TimeoutException | NotOpenException e) {
                    throw readFailure(path, number + 1, e);
                }
                number++;
                Optional<TcpFrame> tcp = FrameCodec.fromIp(packet);
                if (tcp.isPresent()) {
                    sink.accept(new CapturedFrame(number, epochNanos(handle.getTimestamp()), packet.getRawData(), tcp.get()));
                }
            }
        }
    }

    private static PcapHandle open(Path path) throws CaptureFileException {
        // libpcap's wording for these ("No such file or directory") does not say which file.
        if (!Files.exists(path)) {
            throw CaptureFileException.of(path, "capture file not found", "", null);
        }
        if (!Files.isRegularFile(path)) {
            throw CaptureFileException.of(path, "capture file is not a regular file", "", null);
        }
        if (!Files.isReadable(path)) {
            throw CaptureFileException.of(path, "capture file not readable (permission denied)", "", null);
        }
        try {
            return Pcaps.openOffline(path.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            String reason = libpcapReason(e);
            // Past the 4-byte magic, "truncated" means libpcap knew the format and the header was cut short.
            if (reason.contains("truncated") && size(path) >= 4) {
                throw CaptureFileException.of(path, "capture file truncated in its file header",
                        " (libpcap: " + reason + ")", e);
            }
            throw CaptureFileException.of(path, "not a pcap or pcapng capture file", " (libpcap: " + reason + ")", e);
        }
    }

    private static CaptureFileException readFailure(Path path, long frame, Exception e) {
        String reason = libpcapReason(e);
        // pcap_next_ex returns -1 for a record cut short, with "truncated dump file; tried to read ...".
        if (reason.contains("truncated")) {
            return CaptureFileException.of(path, "capture file truncated in the middle of frame " + frame,
                    " (libpcap: " + reason + ")", e);
        }
        return new CaptureFileException("cannot read frame " + frame + " of " + path + ": " + reason,
                "cannot read frame " + frame + ": " + reason, e);
    }

    private static long size(Path path) throws CaptureFileException {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new CaptureFileException("cannot read capture file " + path + ": " + e.getMessage(),
                    "cannot read: " + e.getMessage(), e);
        }
    }

    private static long epochNanos(Timestamp ts) {
        // With NANO precision pcap4j sets getNanos() to the record's nanoseconds; getTime() repeats their millis.
        return Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
    }

    private static String libpcapReason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith(PCAP4J_PREFIX)) {
            message = message.substring(PCAP4J_PREFIX.length());
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}

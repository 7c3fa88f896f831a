package io.finack.loop;

import io.finack.analysis.PathFinding;
import io.finack.analysis.StaleAckDetector;
import io.finack.analysis.Verdict;
import io.finack.wire.CapturedFrame;
import io.finack.wire.FrameCodec;
import io.finack.wire.PcapWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one flagged connection's window shows: its pcap, where the connection's own frames are in
 * it, and what the stale-ACK detector found for the connection. Frame numbers are the pcap's
 * (from 1, as Wireshark shows them).
 *
 * @param pcap       the window's pcap, unless no files are written
 * @param frames     frames in the window
 * @param bytes      the frames' bytes
 * @param firstFrame the connection's first frame (its SYN), 0 if the window holds none of it
 * @param lastFrame  the connection's last frame in the window, 0 if none
 * @param truncated  the window reached its bound before the connection ended
 * @param finding    the detector's finding for the connection's attempt, if its SYN is in the window
 */
public record SpikeEvidence(Optional<Path> pcap, int frames, long bytes, long firstFrame, long lastFrame,
                            boolean truncated, Optional<PathFinding> finding) {

    /**
     * Decodes and numbers the window's frames, writes them to {@code file} if given, and runs
     * the detector over them. The connection's frames are those stamped from {@code startedAt}
     * (just before its connect()) to {@code endedAt} (just after its close()).
     */
    static SpikeEvidence of(SpikeWindow window, long startedAt, long endedAt, Optional<Path> file) throws IOException {
        List<CapturedFrame> tcp = new ArrayList<>();
        long first = 0;
        long last = 0;
        long number = 0;
        for (RawFrame f : window.frames()) {
            number++;
            Optional<CapturedFrame> frame = decode(number, f);
            frame.ifPresent(tcp::add);
            if (f.epochNanos() >= startedAt && f.epochNanos() <= endedAt) {
                first = first == 0 ? number : first;
                last = number;
            }
        }
        if (file.isPresent()) {
            try (PcapWriter writer = PcapWriter.create(file.get())) {
                for (RawFrame f : window.frames()) {
                    writer.write(f.raw(), f.epochNanos());
                }
            }
        }
        long from = first;
        long to = last;
        List<PathFinding> own = StaleAckDetector.detect(tcp).stream()
                .filter(p -> from != 0 && p.synFrame() >= from && p.synFrame() <= to)
                .toList();
        // The attempt that met a stale ACK tells the story; otherwise the connection's only attempt.
        Optional<PathFinding> finding = own.stream().filter(p -> p.verdict() != Verdict.NO_STALE_ACK).findFirst()
                .or(() -> own.stream().findFirst());
        return new SpikeEvidence(file, window.frames().size(), window.bytes(), first, last, window.truncated(), finding);
    }

    private static Optional<CapturedFrame> decode(long number, RawFrame f) {
        return FrameCodec.decodeEthernet(f.raw()).map(t -> new CapturedFrame(number, f.epochNanos(), f.raw(), t));
    }
}

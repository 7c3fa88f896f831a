package io.finack.watch;

import io.finack.analysis.PathFinding;
import io.finack.loop.RawFrame;
import io.finack.loop.SpikeWindow;
import io.finack.wire.PcapWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes each finding's window to a pcap of its own in one folder, closed at once (so a kill
 * leaves every file whole), until the files together would pass the cap; the windows after
 * that are counted, not written.
 */
final class EvidenceFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** pcap's file header and per-record header. */
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private final Path dir;
    private final long maxBytes;
    private final int linkType;
    private final int snaplen;
    private long written;

    EvidenceFiles(Path dir, long maxBytes, int linkType, int snaplen) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.linkType = linkType;
        this.snaplen = snaplen;
    }

    /** The window's pcap, named by the finding's time, verdict and number, or nothing when it would pass the cap. */
    Evidence write(SpikeWindow window, long epochNanos, long number, PathFinding finding) throws IOException {
        long size = FILE_HEADER + window.frames().size() * (long) RECORD_HEADER + window.bytes();
        if (written + size > maxBytes) {
            return new Evidence(epochNanos, finding, Optional.empty(), window.frames().size(), size);
        }
        Files.createDirectories(dir);
        Instant at = Instant.ofEpochSecond(0, epochNanos);
        Path file = dir.resolve(String.format(Locale.ROOT, "finack-watch-%s-%s-%06d.pcap", STAMP.format(at),
                finding.verdict(), number));
        try (PcapWriter writer = PcapWriter.create(file, linkType, snaplen)) {
            for (RawFrame f : window.frames()) {
                writer.write(f.raw(), f.epochNanos());
            }
        }
        long bytes = Files.size(file);
        written += bytes;
        return new Evidence(epochNanos, finding, Optional.of(file), window.frames().size(), bytes);
    }
}

package io.finack.race;

import io.finack.wire.PcapWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One pcap per run with the whole connection of every hit, one after the other: a file per hit
 * would cost a file (and a pcap handle) per iteration when the race hits often. Made at the
 * first hit, so a run without hits leaves no file.
 */
final class HitsPcap implements AutoCloseable {
    private final Path file;
    private Optional<PcapWriter> writer = Optional.empty();
    private long frames;

    HitsPcap(Path file) {
        this.file = file;
    }

    /** Appends a hit's frames and returns where they are in the file. */
    RaceResult.PcapFrames write(List<RaceCapture.Frame> hit) throws IOException {
        if (writer.isEmpty()) {
            Files.createDirectories(file.getParent());
            writer = Optional.of(PcapWriter.create(file));
        }
        long first = frames + 1;
        for (RaceCapture.Frame f : hit) {
            writer.get().write(f.raw(), f.epochNanos());
            frames++;
        }
        return new RaceResult.PcapFrames(file, first, frames);
    }

    @Override
    public void close() throws IOException {
        if (writer.isPresent()) {
            writer.get().close();
        }
    }
}

package io.finack.loop;

import java.util.List;

/**
 * The frames kept around one flagged connection, in capture order: {@code framesBefore} frames
 * from before its first frame, then the rest.
 *
 * @param connection   the flagged connection's number in the loop (from 1); for a stale-ACK path
 *                     window, its number in the capture's count of connections
 * @param path         a window the detector over the whole capture opened, not the loop
 * @param frames       the window's frames, oldest first
 * @param framesBefore how many of them come before the connection's first frame
 * @param truncated    true when the window reached its bound before the connection ended
 */
public record SpikeWindow(long connection, boolean path, List<RawFrame> frames, int framesBefore, boolean truncated) {
    public SpikeWindow {
        frames = List.copyOf(frames);
    }

    public long bytes() {
        return frames.stream().mapToLong(f -> f.raw().length).sum();
    }
}

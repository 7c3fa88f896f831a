package io.finack.loop;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The most recent frames, at most {@code maxFrames} of them and {@code maxBytes} bytes together:
 * adding a frame evicts the oldest ones until both bounds hold. A frame larger than
 * {@code maxBytes} on its own is not kept (none of the loop's frames comes near it).
 */
final class FrameRing {
    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<RawFrame> frames = new ArrayDeque<>();
    private long bytes;

    FrameRing(int maxFrames, long maxBytes) {
        if (maxFrames < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a ring holds at least one frame and one byte: " + maxFrames + ", " + maxBytes);
        }
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    void add(RawFrame frame) {
        int size = frame.raw().length;
        if (size > maxBytes) {
            return;
        }
        while (frames.size() >= maxFrames || bytes + size > maxBytes) {
            bytes -= frames.removeFirst().raw().length;
        }
        frames.addLast(frame);
        bytes += size;
    }

    /** The frames held, oldest first. */
    List<RawFrame> snapshot() {
        return List.copyOf(frames);
    }

    int size() {
        return frames.size();
    }

    long bytes() {
        return bytes;
    }
}

package io.finack.loop;

/**
 * How much of the capture one flagged (slow or failed) connection's window keeps: up to
 * {@code framesBefore} frames ({@code bytesBefore} bytes) from before the connection's first
 * frame, then every frame until it ended, plus {@code tailFrames} after, up to
 * {@code framesAfter} frames ({@code bytesAfter} bytes) in all from its first. {@code maxWindows}
 * windows are kept per loop; later flagged connections are still reported, without frames.
 */
public record WindowBounds(int framesBefore, long bytesBefore, int framesAfter, long bytesAfter, int tailFrames,
                           int maxWindows) {
    /** pcap's file header. */
    static final int PCAP_FILE_HEADER = 24;
    /** pcap's per-record header: timestamp, captured and original length. */
    static final int PCAP_RECORD_HEADER = 16;

    /**
     * 256 frames before (about 35 connections of this loop, 7 frames each), the flagged connection,
     * 16 frames after it (the next two connections); 32 KiB each side is 8 times what 256 of the
     * loop's frames (at most 94 bytes on lo) take, so the frame counts bind first.
     */
    public static final WindowBounds DEFAULT = new WindowBounds(256, 32 * 1024, 256, 32 * 1024, 16, 100);

    public WindowBounds {
        if (framesBefore < 1 || bytesBefore < 1 || framesAfter < 1 || bytesAfter < 1 || tailFrames < 0
                || tailFrames > framesAfter || maxWindows < 0) {
            throw new IllegalArgumentException("window bounds out of range: " + framesBefore + ", " + bytesBefore + ", "
                    + framesAfter + ", " + bytesAfter + ", " + tailFrames + ", " + maxWindows);
        }
    }

    /** The same bounds keeping at most {@code windows} windows. */
    public WindowBounds withMaxWindows(int windows) {
        return new WindowBounds(framesBefore, bytesBefore, framesAfter, bytesAfter, tailFrames, windows);
    }

    /** The largest pcap file one window can make: its frames, their record headers, the file header. */
    public long maxPcapBytesPerWindow() {
        return PCAP_FILE_HEADER + (long) (framesBefore + framesAfter) * PCAP_RECORD_HEADER + bytesBefore + bytesAfter;
    }

    /** The largest total of one loop's window pcaps. */
    public long maxPcapBytes() {
        return maxWindows * maxPcapBytesPerWindow();
    }
}

package io.finack.wire;

/**
 * One frame as a capture saw it: its 1-based number in the capture (the number Wireshark
 * shows), the kernel's capture timestamp in nanoseconds since the epoch, the raw bytes as
 * captured, and the TCP content decoded from them.
 */
public record CapturedFrame(long number, long epochNanos, byte[] raw, TcpFrame tcp) {
    public CapturedFrame {
        if (number < 1) {
            throw new IllegalArgumentException("frame numbers start at 1: " + number);
        }
    }

    /** Milliseconds from {@code earlier} to this frame, from capture timestamps. */
    public double millisAfter(CapturedFrame earlier) {
        return (epochNanos - earlier.epochNanos) / 1e6;
    }

    @Override
    public String toString() {
        return "#" + number + " " + tcp;
    }
}

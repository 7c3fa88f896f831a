package io.finack.loop;

/**
 * One frame as the capture handed it over, not decoded: the kernel's capture timestamp
 * (nanoseconds since the epoch) and the bytes. Windows keep frames in this form, so the capture
 * thread only files references and decoding waits until a window is analysed.
 */
public record RawFrame(long epochNanos, byte[] raw) {
}

package io.finack.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where the pcap and pcapng readers get their bytes from: a capture file mapped a window at a
 * time ({@link FileWindow}) or a stream read as it arrives ({@link StreamWindow}), so both go
 * through the same record and block walk. Readers move forward only: once {@link #at} has been
 * asked for an offset, no earlier offset is asked for again (a stream forgets what lies before).
 *
 * <p>Two views of the window: {@link #be()} for network headers (always big-endian) and
 * {@link #file()} in the byte order the capture's header declared. Both may be replaced by
 * {@link #at}: callers fetch them after each call and keep no older one.
 */
interface ByteWindow {
    /**
     * How many of the {@code wanted} bytes from {@code offset} the capture has: {@code wanted}
     * unless it ends sooner. A stream waits here until they have arrived or it has ended.
     */
    long available(long offset, long wanted) throws IOException;

    /**
     * Makes bytes {@code [offset, offset + length)} addressable and returns where {@code offset}
     * is in the window's buffers. The caller has checked with {@link #available} that they exist.
     */
    int at(long offset, int length) throws IOException;

    ByteBuffer be();

    ByteBuffer file();

    void fileOrder(ByteOrder order);

    /** Bytes the capture has had so far (a file's size). */
    long size();

    /** Frees the window; the reader calls it once it is done. */
    void release();
}

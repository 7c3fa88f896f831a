package io.finack.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where the pcap and pcapng readers get their bytes from, a file or a stream (a pipe) alike,
 * read as it arrives: the bytes from the record being read onwards are kept in one array,
 * which grows to the largest record (a pcapng block, 16 MB and a snap length at most) and no
 * further, so memory stays bounded however long the capture. Bytes before the offset last
 * asked for are dropped: the readers move forward only, and never ask for an earlier offset.
 *
 * <p>Each read takes what the stream has (a pipe hands over what has been written), so a
 * record is decoded as soon as its last byte arrives, not when the array fills.
 *
 * <p>The per-record fields are read from {@link #array()} ({@link Bytes}); the views
 * {@link #be()} (network headers, big-endian) and {@link #file()} (the byte order the
 * capture's header declared) serve the file and section headers. All three may be replaced
 * by {@link #available}: callers fetch them after each call and keep no older one.
 */
final class ByteWindow {
    /** The array's first size, and the most read in one call: few enough calls, and a small process. */
    static final int INITIAL = 1 << 20;

    private final InputStream in;
    private final Runnable beforeRead;
    private byte[] buffer;
    /** Stream offset of buffer[0]. */
    private long base;
    private int filled;
    private boolean ended;
    private ByteOrder fileOrder = ByteOrder.BIG_ENDIAN;
    private ByteBuffer be;
    private ByteBuffer file;

    ByteWindow(InputStream in) {
        this(in, INITIAL, () -> { });
    }

    /**
     * A window whose array starts at {@code initial} bytes (small ones let tests cross its
     * edges), calling {@code beforeRead} before each read of the stream, which may wait.
     */
    ByteWindow(InputStream in, int initial, Runnable beforeRead) {
        this.in = in;
        this.beforeRead = beforeRead;
        this.buffer = new byte[initial];
        this.be = ByteBuffer.wrap(buffer);
        this.file = ByteBuffer.wrap(buffer).order(fileOrder);
    }

    /**
     * How many of the {@code wanted} bytes from {@code offset} the capture has: {@code wanted}
     * unless it ends sooner. Waits here until they have arrived or the stream has ended.
     */
    long available(long offset, long wanted) throws IOException {
        long end = offset + wanted;
        while (!ended && base + filled < end) {
            room(offset, end);
            beforeRead.run();
            int got = in.read(buffer, filled, buffer.length - filled);
            if (got < 0) {
                ended = true;
            } else {
                filled += got;
            }
        }
        return Math.max(0, Math.min(wanted, base + filled - offset));
    }

    /**
     * Where {@code offset} is in the window's array and views. The caller has checked with
     * {@link #available} that the {@code length} bytes from it exist.
     */
    int at(long offset, int length) {
        if (offset < base || offset + length > base + filled) {
            throw new IllegalStateException("bytes " + offset + "+" + length + " are not in the stream's window");
        }
        return (int) (offset - base);
    }

    /** Makes room up to stream offset {@code end}, dropping what lies before {@code offset}. */
    private void room(long offset, long end) {
        if (end - base <= buffer.length) {
            return;
        }
        int drop = (int) Math.min(filled, offset - base);
        long need = end - (base + drop);
        byte[] target = need > buffer.length ? new byte[(int) Math.max(need, buffer.length * 2L)] : buffer;
        System.arraycopy(buffer, drop, target, 0, filled - drop);
        if (target != buffer) {
            buffer = target;
            be = ByteBuffer.wrap(buffer);
            file = ByteBuffer.wrap(buffer).order(fileOrder);
        }
        base += drop;
        filled -= drop;
    }

    byte[] array() {
        return buffer;
    }

    ByteBuffer be() {
        return be;
    }

    ByteBuffer file() {
        return file;
    }

    boolean littleEndian() {
        return fileOrder == ByteOrder.LITTLE_ENDIAN;
    }

    void fileOrder(ByteOrder order) {
        fileOrder = order;
        file.order(order);
    }

    /** Bytes the capture has had so far (a file's size, once read to its end). */
    long size() {
        return base + filled;
    }

    /** Bytes of array held: the memory the stream costs, bounded by the largest record. */
    int capacity() {
        return buffer.length;
    }
}

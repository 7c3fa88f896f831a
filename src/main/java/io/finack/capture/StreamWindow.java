package io.finack.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A capture read from a stream (a pipe) as it arrives: the bytes from the record being read
 * onwards are kept in one buffer, which grows to the largest record (a pcapng block, 16 MB and
 * a snap length at most) and no further, so memory stays bounded however long the stream runs.
 * Bytes before the offset last asked for are dropped: the readers never go back.
 *
 * <p>Each read takes what the stream has (a pipe hands over what has been written), so a
 * record is decoded as soon as its last byte arrives, not when a buffer fills.
 */
final class StreamWindow implements ByteWindow {
    private static final int INITIAL = 1 << 20;

    private final InputStream in;
    private byte[] buffer = new byte[INITIAL];
    /** Stream offset of buffer[0]. */
    private long base;
    private int filled;
    private boolean ended;
    private ByteOrder fileOrder = ByteOrder.BIG_ENDIAN;
    private ByteBuffer be = ByteBuffer.wrap(buffer);
    private ByteBuffer file = ByteBuffer.wrap(buffer).order(fileOrder);

    StreamWindow(InputStream in) {
        this.in = in;
    }

    @Override
    public long available(long offset, long wanted) throws IOException {
        long end = offset + wanted;
        while (!ended && base + filled < end) {
            room(offset, end);
            int got = in.read(buffer, filled, buffer.length - filled);
            if (got < 0) {
                ended = true;
            } else {
                filled += got;
            }
        }
        return Math.max(0, Math.min(wanted, base + filled - offset));
    }

    @Override
    public int at(long offset, int length) throws IOException {
        if (offset < base || available(offset, length) < length) {
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
        buffer = target;
        base += drop;
        filled -= drop;
        be = ByteBuffer.wrap(buffer);
        file = ByteBuffer.wrap(buffer).order(fileOrder);
    }

    @Override
    public ByteBuffer be() {
        return be;
    }

    @Override
    public ByteBuffer file() {
        return file;
    }

    @Override
    public void fileOrder(ByteOrder order) {
        fileOrder = order;
        file.order(order);
    }

    @Override
    public long size() {
        return base + filled;
    }

    /** Bytes of buffer held: the memory the stream costs, bounded by the largest record. */
    int capacity() {
        return buffer.length;
    }

    @Override
    public void release() {
        // Nothing to unmap; the stream is its owner's to close.
    }
}

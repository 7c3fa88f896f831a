package io.finack.capture;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A capture file mapped into memory a window at a time: the page cache serves the bytes
 * without a copy, and files larger than one mapping (2 GB) read the same way. A record that
 * straddles the window's end makes the window move to start at that record, and the old
 * window is unmapped at once (Java would otherwise unmap it only at a garbage collection, which
 * a reader that allocates nothing seldom causes, so a long file's pages would pile up in the
 * process).
 *
 * <p>The views {@link #be()} and {@link #file()} are replaced when the window moves.
 */
final class FileWindow implements ByteWindow {
    /** Large enough that remapping is rare, small enough that the process's mapped memory stays modest. */
    static final int WINDOW = 64 << 20;
    private static final Unmapper UNMAPPER = Unmapper.find();

    private final FileChannel channel;
    private final long size;
    private final int window;
    private long base = -1;
    private MappedByteBuffer mapped;
    private ByteBuffer be;
    private ByteBuffer file;
    private ByteOrder fileOrder = ByteOrder.BIG_ENDIAN;

    FileWindow(FileChannel channel, long size, int window) {
        this.channel = channel;
        this.size = size;
        this.window = window;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long available(long offset, long wanted) {
        return Math.max(0, Math.min(wanted, size - offset));
    }

    @Override
    public void fileOrder(ByteOrder order) {
        fileOrder = order;
        if (file != null) {
            file.order(order);
        }
    }

    @Override
    public int at(long offset, int length) throws IOException {
        if (base < 0 || offset < base || offset + length > base + be.limit()) {
            map(offset, length);
        }
        return (int) (offset - base);
    }

    @Override
    public ByteBuffer be() {
        return be;
    }

    @Override
    public ByteBuffer file() {
        return file;
    }

    /** Unmaps the current window. */
    @Override
    public void release() {
        if (mapped != null) {
            UNMAPPER.unmap(mapped);
            mapped = null;
            be = null;
            file = null;
            base = -1;
        }
    }

    private void map(long offset, int length) throws IOException {
        release();
        long span = Math.min(Math.max(window, length), size - offset);
        mapped = channel.map(FileChannel.MapMode.READ_ONLY, offset, span);
        base = offset;
        be = mapped.duplicate().order(ByteOrder.BIG_ENDIAN);
        file = mapped.duplicate().order(fileOrder);
    }

    /**
     * Unmaps a mapped buffer now, through sun.misc.Unsafe's invokeCleaner (the jdk.unsupported
     * module, there for exactly such uses); where that is missing, the buffer is left to the GC.
     */
    private record Unmapper(Object unsafe, java.lang.reflect.Method invokeCleaner) {
        static Unmapper find() {
            try {
                Class<?> type = Class.forName("sun.misc.Unsafe");
                Field field = type.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                return new Unmapper(field.get(null), type.getMethod("invokeCleaner", ByteBuffer.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new Unmapper(null, null);
            }
        }

        void unmap(MappedByteBuffer buffer) {
            if (invokeCleaner == null) {
                return;
            }
            try {
                invokeCleaner.invoke(unsafe, buffer);
            } catch (ReflectiveOperationException e) {
                // Left to the GC, as without Unsafe.
            }
        }
    }
}

package io.finack.wire;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Captures every TCP frame on lo, the harness's own and the kernel's, on a dedicated thread,
 * and hands each to a listener with its kernel timestamp (ns) and its number in the capture.
 *
 * <p>pcap_next can block forever when nothing arrives, so the thread runs pcap_loop and
 * {@link #close()} stops it with pcap_breakloop before closing the handle.
 */
public final class Sniffer implements AutoCloseable {
    private final PcapHandle handle;
    private final Consumer<CapturedFrame> listener;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile boolean looping;
    private long count;

    private Sniffer(PcapHandle handle, Consumer<CapturedFrame> listener) {
        this.handle = handle;
        this.listener = listener;
    }

    /**
     * Opens lo for capture. Call on a thread inside the target namespace; then start
     * {@link #loop()} on a thread of its own. Frames are held by the kernel from this moment,
     * so nothing sent after open() is missed even before the loop runs.
     */
    public static Sniffer open(Consumer<CapturedFrame> listener) throws IOException {
        PcapHandle handle = null;
        try {
            handle = LoopbackHandles.open();
            handle.setFilter("tcp", BpfProgram.BpfCompileMode.OPTIMIZE);
            return new Sniffer(handle, listener);
        } catch (PcapNativeException | NotOpenException e) {
            if (handle != null) {
                handle.close();
            }
            throw new IOException("cannot capture on lo: " + e.getMessage(), e);
        }
    }

    /** The capture loop: runs until {@link #close()}. */
    public void loop() {
        looping = true;
        try {
            handle.loop(-1, (byte[] raw) -> deliver(raw, handle.getTimestamp()));
        } catch (InterruptedException e) {
            // pcap_breakloop: the normal way out.
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            failure = e;
        } finally {
            stopped.countDown();
        }
    }

    private void deliver(byte[] raw, Timestamp ts) {
        Optional<TcpFrame> tcp = FrameCodec.decodeEthernet(raw);
        if (tcp.isEmpty()) {
            return;
        }
        // Numbered as delivered, so numbers match the pcap written from the delivered frames.
        long number = ++count;
        long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        listener.accept(new CapturedFrame(number, nanos, raw, tcp.get()));
    }

    /** Why the loop ended other than by close(), if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        try {
            handle.breakLoop();
            if (looping && !stopped.await(2, TimeUnit.SECONDS)) {
                failure = new IOException("capture loop did not stop within 2 s");
            }
        } catch (NotOpenException e) {
            // already closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handle.close();
    }
}

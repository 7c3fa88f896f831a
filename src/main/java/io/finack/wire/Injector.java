package io.finack.wire;

import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;

import java.io.IOException;

/**
 * Sends crafted frames into lo with pcap_sendpacket: the kernel receives each one as if it had
 * arrived from outside. Thread-safe: the experiment thread and the capture thread (which sends
 * replies the moment a kernel frame arrives) may both send.
 */
public final class Injector implements AutoCloseable {
    private final PcapHandle handle;

    private Injector(PcapHandle handle) {
        this.handle = handle;
    }

    /** Opens the injector on lo; call on a thread inside the target network namespace. */
    public static Injector open() throws IOException {
        try {
            return new Injector(LoopbackHandles.open());
        } catch (PcapNativeException e) {
            throw new IOException("cannot open lo for injection: " + e.getMessage(), e);
        }
    }

    public synchronized void send(byte[] frame) throws IOException {
        try {
            handle.sendPacket(frame);
        } catch (PcapNativeException | NotOpenException e) {
            throw new IOException("pcap_sendpacket on lo failed: " + e.getMessage(), e);
        }
    }

    public void send(TcpFrame frame) throws IOException {
        send(FrameCodec.encode(frame));
    }

    @Override
    public synchronized void close() {
        handle.close();
    }
}

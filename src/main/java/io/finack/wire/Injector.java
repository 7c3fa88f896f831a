package io.finack.wire;

import com.sun.jna.Pointer;

import java.io.IOException;

/**
 * Sends crafted frames into lo with pcap_sendpacket: the kernel receives each one as if it had
 * arrived from outside. It sends through its {@link Sniffer}'s handle, which owns it.
 * Thread-safe: the experiment thread and the capture thread (which sends replies the moment a
 * kernel frame arrives) may both send.
 */
public final class Injector {
    private final Pointer pcap;
    private boolean closed;

    Injector(Pointer pcap) {
        this.pcap = pcap;
    }

    public synchronized void send(byte[] frame) throws IOException {
        if (closed) {
            throw new IOException("the capture on lo is closed");
        }
        if (Libpcap.pcap_sendpacket(pcap, frame, frame.length) != 0) {
            throw new IOException("pcap_sendpacket on lo failed: " + Libpcap.pcap_geterr(pcap));
        }
    }

    /** Called by the sniffer before it frees the handle. */
    synchronized void close() {
        closed = true;
    }
}

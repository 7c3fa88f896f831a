package io.finack.wire;

import com.sun.jna.Pointer;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * Sends crafted frames with pcap_sendpacket: on lo the kernel receives each one as if it had
 * arrived from outside. On lo it sends through its {@link Sniffer}'s handle, which owns it; on
 * the peer of packetdrill's tun0 ({@link #open}) through a handle of its own, and each frame
 * gets the Ethernet addresses that device pair needs. Thread-safe: the experiment thread and
 * the capture thread (which sends replies the moment a kernel frame arrives) may both send.
 */
public final class Injector {
    /** A send-only handle keeps little: the kernel's frames it also receives are never read. */
    private static final int SEND_ONLY_SNAPLEN = 64;
    private static final int SEND_ONLY_BUFFER = 64 * 1024;

    private final Pointer pcap;
    private final String device;
    /** Destination then source MAC written over each frame's first 12 bytes; null: frames go as built. */
    private final byte[] macs;
    private final boolean ownsHandle;
    /** For frames the link refuses as longer than its MTU; null on lo, which takes any. */
    private final PacketSocket oversized;
    /** packetdrill's --mss: a TCP frame with a longer payload goes as an offload frame of segments this long. */
    private final OptionalInt segmentSize;
    private boolean closed;

    Injector(Pointer pcap, String device) {
        this(pcap, device, null, false, null, OptionalInt.empty());
    }

    private Injector(Pointer pcap, String device, byte[] macs, boolean ownsHandle, PacketSocket oversized,
                     OptionalInt segmentSize) {
        this.pcap = pcap;
        this.device = device;
        this.macs = macs;
        this.ownsHandle = ownsHandle;
        this.oversized = oversized;
        this.segmentSize = segmentSize;
    }

    /**
     * An injector on {@code device} of the calling thread's namespace, with a handle of its own,
     * writing {@code destinationMac} and {@code sourceMac} into every frame it sends. A veth
     * pair drops a frame longer than the receiving end's MTU, where packetdrill's tun device
     * takes any length: such a frame goes again through a packet socket as a one-segment
     * offload frame, which the pair forwards ({@link PacketSocket#sendSegmented}). With a
     * {@code segmentSize} (packetdrill's --mss), every TCP frame with a longer payload goes as an
     * offload frame of segments that long, as packetdrill writes it to its tun device with a
     * virtio_net_hdr: the receiver sees one GRO packet of that segment size.
     */
    public static Injector open(String device, byte[] destinationMac, byte[] sourceMac, OptionalInt segmentSize)
            throws IOException {
        byte[] errbuf = new byte[Libpcap.ERRBUF_SIZE];
        Pointer p = Libpcap.pcap_create(device, errbuf);
        if (p == null) {
            throw new IOException("cannot open " + device + " for injection: " + Sniffer.text(errbuf));
        }
        if (Libpcap.pcap_set_snaplen(p, SEND_ONLY_SNAPLEN) < 0 || Libpcap.pcap_set_buffer_size(p, SEND_ONLY_BUFFER) < 0
                || Libpcap.pcap_activate(p) < 0) {
            String why = Libpcap.pcap_geterr(p);
            Libpcap.pcap_close(p);
            throw new IOException("cannot open " + device + " for injection: " + why);
        }
        byte[] macs = new byte[12];
        System.arraycopy(destinationMac, 0, macs, 0, 6);
        System.arraycopy(sourceMac, 0, macs, 6, 6);
        try {
            return new Injector(p, device, macs, true, PacketSocket.open(device, true), segmentSize);
        } catch (IOException e) {
            Libpcap.pcap_close(p);
            throw e;
        }
    }

    public synchronized void send(byte[] frame) throws IOException {
        if (closed) {
            throw new IOException("the injection handle on " + device + " is closed");
        }
        byte[] out = frame;
        if (macs != null) {
            out = frame.clone();
            System.arraycopy(macs, 0, out, 0, macs.length);
        }
        if (segmentSize.isPresent()) {
            int payload = FrameView.of(out).map(FrameView::payloadLength).orElse(0);
            if (payload > segmentSize.getAsInt()) {
                oversized.sendSegmented(out, out.length - payload, payload, segmentSize.getAsInt());
                return;
            }
        }
        if (Libpcap.pcap_sendpacket(pcap, out, out.length) != 0) {
            String why = Libpcap.pcap_geterr(pcap);
            byte[] frameOut = out;
            java.util.Optional<Integer> payload = oversized == null ? java.util.Optional.empty()
                    : FrameView.of(frameOut).map(FrameView::payloadLength);
            if (payload.isPresent() && payload.get() >= 2) {
                // One segment: a size one byte under the payload, so that the kernel marks it GSO.
                oversized.sendSegmented(out, out.length - payload.get(), payload.get(), payload.get() - 1);
                return;
            }
            throw new IOException("pcap_sendpacket on " + device + " failed: " + why);
        }
    }

    /** Called by the sniffer before it frees its handle; frees this injector's own handle, if it has one. */
    synchronized void close() {
        if (!closed && ownsHandle) {
            Libpcap.pcap_close(pcap);
            oversized.close();
        }
        closed = true;
    }
}

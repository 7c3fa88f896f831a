package io.finack.wire;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The libpcap calls of the live capture, bound directly with JNA. pcap4j wraps these too,
 * but allocates a JNA structure or callback on every read, which the capture thread cannot
 * afford while it spins waiting for a frame the harness must answer within microseconds.
 */
final class Libpcap {
    static final int ERRBUF_SIZE = 256;
    static final int TSTAMP_PRECISION_NANO = 1;

    static {
        Native.register("pcap");
    }

    private Libpcap() {
    }

    static native Pointer pcap_create(String source, byte[] errbuf);

    static native int pcap_set_snaplen(Pointer p, int snaplen);

    static native int pcap_set_immediate_mode(Pointer p, int on);

    static native int pcap_set_tstamp_precision(Pointer p, int precision);

    static native int pcap_set_buffer_size(Pointer p, int bytes);

    static native int pcap_activate(Pointer p);

    static native String pcap_geterr(Pointer p);

    static native int pcap_setnonblock(Pointer p, int nonblock, byte[] errbuf);

    static native int pcap_get_selectable_fd(Pointer p);

    /** 1: a frame; 0: none waiting (non-blocking); negative: error. */
    static native int pcap_next_ex(Pointer p, PointerByReference header, PointerByReference data);

    static native int pcap_sendpacket(Pointer p, byte[] frame, int size);

    static native void pcap_close(Pointer p);
}

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
    static final int ERROR_NO_SUCH_DEVICE = -5;
    static final int ERROR_PERM_DENIED = -8;
    static final int ERROR_IFACE_NOT_UP = -9;
    /** pcap_compile's netmask when none is known: only "ip broadcast" needs one. */
    static final int NETMASK_UNKNOWN = 0xffffffff;
    /** sizeof(struct bpf_program) on LP64: an unsigned length, padding, a pointer. */
    static final int BPF_PROGRAM_SIZE = 16;

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

    /** The link type of an activated handle (a LINKTYPE_/DLT_ number). */
    static native int pcap_datalink(Pointer p);

    /** Compiles {@code filter} into {@code program} (a struct bpf_program: 16 bytes on LP64). */
    static native int pcap_compile(Pointer p, Pointer program, String filter, int optimize, int netmask);

    /** Attaches a compiled program: on Linux a socket filter, run by the kernel on each frame before it is queued. */
    static native int pcap_setfilter(Pointer p, Pointer program);

    static native void pcap_freecode(Pointer program);

    /** struct pcap_stat's first three fields: received, dropped by the kernel, dropped by the interface. */
    static native int pcap_stats(Pointer p, int[] stats);

    static native void pcap_close(Pointer p);
}

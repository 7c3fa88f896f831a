package io.finack.experiment;

import io.finack.tcp.SeqNum;

/**
 * packetdrill's numbering: the harness's own numbers are used literally, the kernel's are
 * relative to the kernel's initial sequence number, learned from the first SYN it sends, and
 * learned again from the kernel's first SYN after a new socket() call: packetdrill follows the
 * socket made last (its "socket under test") and learns the ISN of that socket's connection.
 * A later SYN/ACK of the same socket (a TIME_WAIT reuse, a new connection after a RST) keeps
 * the old ISN, under packetdrill as here (measured). Not
 * thread-safe: used by one thread at a time (the capture thread while a reply is armed, the
 * experiment thread otherwise, with a happens-before edge between them).
 */
final class SequenceMap {
    private volatile Long kernelIsn;
    /** A socket() call made a new socket: the kernel's next SYN (or SYN/ACK) has the ISN to learn. */
    private volatile boolean newSocket;
    /** The kernel's TS value minus the script's for the same segment, once one was seen. */
    private Long kernelTimestampOffset;

    /** Learns the kernel's ISN from the first kernel segment carrying SYN, or the first after a new socket. */
    void learnFromKernel(io.finack.tcp.TcpHeader segment) {
        if ((kernelIsn == null || newSocket) && segment.flags().syn()) {
            kernelIsn = segment.seq();
            newSocket = false;
        }
    }

    /** A socket() call ran: the kernel's next SYN teaches the ISN again. */
    void socketOpened() {
        if (kernelIsn != null) {
            newSocket = true;
        }
    }

    /** The absolute number for a kernel-relative one (offset may be negative). */
    long kernelAbsolute(long relative) {
        if (kernelIsn == null) {
            throw new IllegalStateException("the kernel's initial sequence number is not known yet: "
                    + "a segment acknowledging kernel data must follow a kernel SYN or SYN/ACK");
        }
        return SeqNum.add(kernelIsn, relative);
    }

    /**
     * The kernel-relative number for an absolute one, signed so that a number just before the
     * ISN reads as a small negative offset; the absolute number while the ISN is unknown.
     */
    long kernelRelative(long absolute) {
        return kernelIsn == null ? absolute : SeqNum.diff(absolute, kernelIsn);
    }

    /** Pairs the first kernel TS value seen with the script's value for it. */
    void learnKernelTimestamp(long scriptValue, long actualValue) {
        if (kernelTimestampOffset == null) {
            kernelTimestampOffset = actualValue - scriptValue;
        }
    }

    /** The kernel's real TS value for a script's, to echo; the script's own while none was seen. */
    long kernelTimestamp(long scriptValue) {
        return kernelTimestampOffset == null ? scriptValue : SeqNum.add(scriptValue, kernelTimestampOffset);
    }
}

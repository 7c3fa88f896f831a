package io.finack.experiment;

import io.finack.tcp.SeqNum;

/**
 * packetdrill's numbering: the harness's own numbers are used literally (a script's
 * translation has already made its peer's numbers wire numbers, and gives each kernel
 * segment's pattern its script-space origins: {@code io.finack.script.ScriptSockets}), the kernel's are
 * relative to the kernel's initial sequence number, learned from the first SYN it sends, and
 * learned again from the kernel's first SYN after a new socket() call: packetdrill follows the
 * socket made last (its "socket under test") and learns the ISN of that socket's connection.
 * A later SYN/ACK of the same socket (a TIME_WAIT reuse, a new connection after a RST) keeps
 * the old ISN, under packetdrill as here (measured). Not
 * thread-safe: used by one thread at a time (the capture thread while a reply is armed, the
 * experiment thread otherwise, with a happens-before edge between them).
 */
final class SequenceMap {
    /** The harness's (client) and the kernel's (server) addresses, for Fast Open cookies; null in tests of numbers alone. */
    private final java.net.InetAddress harness;
    private final java.net.InetAddress kernel;
    private volatile Long kernelIsn;
    /** A socket() call made a new socket: the kernel's next SYN (or SYN/ACK) has the ISN to learn. */
    private volatile boolean newSocket;
    /** The kernel's TS value minus the script's for the same segment, once one was seen. */
    private Long kernelTimestampOffset;

    SequenceMap() {
        this((java.net.InetAddress) null, null);
    }

    SequenceMap(io.finack.tcp.Endpoint harness, io.finack.tcp.Endpoint kernel) {
        this(harness.address(), kernel.address());
    }

    private SequenceMap(java.net.InetAddress harness, java.net.InetAddress kernel) {
        this.harness = harness;
        this.kernel = kernel;
    }

    /** The cookie the kernel sends or expects on the wire for a script's Fast Open cookie (see {@link io.finack.kernel.FastOpenCookies}). */
    byte[] liveCookie(byte[] script) {
        return harness == null ? script : io.finack.kernel.FastOpenCookies.live(script, harness, kernel);
    }

    /** packetdrill's flow label map: the script's label and the kernel's that stands for it, 0 until one was seen. */
    private int scriptFlowLabel;
    private int liveFlowLabel;

    /**
     * packetdrill's check of an IPv6 kernel frame's flow label against a script's (0: none
     * given): the first pairs them; the same script label must then come with the same kernel
     * label, another with another.
     */
    java.util.Optional<String> flowLabelMismatch(int script, int live) {
        if (script == 0) {
            return java.util.Optional.empty();
        }
        if (live == 0) {
            return java.util.Optional.of("flowlabel unmarked in the live packet");
        }
        if (scriptFlowLabel == 0 || (script != scriptFlowLabel && live != liveFlowLabel)) {
            scriptFlowLabel = script;
            liveFlowLabel = live;
            return java.util.Optional.empty();
        }
        if (script != scriptFlowLabel) {
            return java.util.Optional.of("expected a different flowlabel but got the same");
        }
        return live == liveFlowLabel ? java.util.Optional.empty() : java.util.Optional.of(String.format(java.util.Locale.ROOT,
                "inconsistent flowlabels for this packet: expected: 0x%x vs actual: 0x%x", liveFlowLabel, live));
    }

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

    /** The kernel's TS value of each script TS value its segments were matched with, as packetdrill keeps them. */
    private final java.util.Map<Long, Long> kernelTimestamps = new java.util.HashMap<>();

    /** Pairs a kernel TS value with the script's value for it; the first pair sets the offset. */
    void learnKernelTimestamp(long scriptValue, long actualValue) {
        if (kernelTimestampOffset == null) {
            kernelTimestampOffset = actualValue - scriptValue;
        }
        kernelTimestamps.put(scriptValue, actualValue);
    }

    /**
     * The kernel's TS value for a script's echo reply, as packetdrill finds it: the one a
     * kernel segment matched with that script value carried; else, with {@code scaled}
     * (packetdrill's --tcp_ts_ecr_scaled), the script's moved by the first pair's offset; else
     * empty: packetdrill fails the line ("unable to infer live TS ecr").
     */
    java.util.OptionalLong echoFor(long scriptValue, boolean scaled) {
        Long exact = kernelTimestamps.get(scriptValue);
        if (exact != null) {
            return java.util.OptionalLong.of(exact);
        }
        if (scaled && kernelTimestampOffset != null) {
            return java.util.OptionalLong.of(SeqNum.add(scriptValue, kernelTimestampOffset));
        }
        return java.util.OptionalLong.empty();
    }

    /** A kernel TS value in script space: the first pair's script value plus the kernel's ticks since. */
    java.util.OptionalLong scriptTimestamp(long actualValue) {
        return kernelTimestampOffset == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(SeqNum.add(actualValue, -kernelTimestampOffset));
    }
}

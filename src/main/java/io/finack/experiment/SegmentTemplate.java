package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.SeqNum;
import io.finack.tcp.TcpOption;

import io.finack.wire.PreparedFrame;
import io.finack.wire.TcpFrame;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A segment the harness injects, written in packetdrill's numbering: {@code seq} is the
 * harness's own number, used as is; {@code ack} is relative to the kernel's ISN and may be
 * negative (a stale ACK from before the ISN).
 */
public record SegmentTemplate(Flags flags, long seq, long ack, int window, List<TcpOption> options, int payloadLength) {
    public static final int DEFAULT_WINDOW = 65535;

    public SegmentTemplate {
        SeqNum.check(seq, "seq");
        options = List.copyOf(options);
    }

    public static SegmentTemplate of(Flags flags, long seq, long ack, TcpOption... options) {
        return new SegmentTemplate(flags, seq, ack, DEFAULT_WINDOW, List.of(options), 0);
    }

    /**
     * The frame, encoded now; its ack number is filled in when sent, since it may depend on a
     * kernel ISN the harness learns only from the frame it answers.
     */
    PreparedFrame prepare(Endpoint from, Endpoint to) {
        return PreparedFrame.of(new TcpFrame(from, to, Segment.builder()
                .flags(flags)
                .seq(seq)
                .window(window)
                .options(options)
                .payload(new byte[payloadLength])
                .build()));
    }

    /** The absolute ack number to send, from what is known of the kernel's numbers by now. */
    long ackFor(SequenceMap numbers) {
        return flags.ack() ? numbers.kernelAbsolute(ack) : 0;
    }

    /**
     * True when the frame can only be encoded when sent: it echoes a kernel TS value, which
     * is known once the kernel's segment carrying it has arrived.
     */
    boolean echoesKernelTimestamp() {
        return options.stream().anyMatch(o -> o instanceof TcpOption.Timestamps ts && ts.echoReply() != 0);
    }

    /** The frame's bytes with every kernel-relative number made absolute now. */
    byte[] encodeNow(Endpoint from, Endpoint to, SequenceMap numbers) {
        List<TcpOption> live = options.stream().map(o -> o instanceof TcpOption.Timestamps ts
                ? new TcpOption.Timestamps(ts.value(), numbers.kernelTimestamp(ts.echoReply())) : o).toList();
        return io.finack.wire.FrameCodec.encode(new TcpFrame(from, to, Segment.builder()
                .flags(flags)
                .seq(seq)
                .ack(ackFor(numbers))
                .window(window)
                .options(live)
                .payload(new byte[payloadLength])
                .build()));
    }

    /** packetdrill's inbound line: {@code < S. 0:0(0) ack 1 win 65535 <mss 1460>}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("< ").append(flags).append(' ')
                .append(seq).append(':').append(SeqNum.add(seq, payloadLength)).append('(').append(payloadLength).append(')');
        if (flags.ack()) {
            s.append(" ack ").append(ack);
        }
        s.append(" win ").append(window);
        if (!options.isEmpty()) {
            s.append(" <").append(options.stream().map(Object::toString).collect(Collectors.joining(","))).append('>');
        }
        return s.toString();
    }
}

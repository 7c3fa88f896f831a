package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.SeqNum;
import io.finack.tcp.TcpOption;

import io.finack.kernel.FastOpenCookies;
import io.finack.wire.IpFields;
import io.finack.wire.PreparedFrame;
import io.finack.wire.TcpFrame;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A segment the harness injects, written in packetdrill's numbering: {@code seq} is the
 * harness's own number, used as is; {@code ack} is relative to the kernel's ISN and may be
 * negative (a stale ACK from before the ISN), as are its SACK blocks. {@code ip} holds the line's IP fields
 * ({@code [ect0]}, {@code (tos 0x10)}); {@code ecrScaled} is packetdrill's --tcp_ts_ecr_scaled:
 * a TS echo reply no kernel segment was matched with is moved by the kernel's clock offset
 * instead of failing the line. A Fast Open cookie that is the kernel's for packetdrill's
 * addresses is sent as the kernel's for the harness's ({@link FastOpenCookies}).
 */
public record SegmentTemplate(Flags flags, long seq, long ack, int window, List<TcpOption> options, int payloadLength,
                              IpFields ip, boolean ecrScaled, int urgentPointer) {
    public static final int DEFAULT_WINDOW = 65535;

    public SegmentTemplate {
        SeqNum.check(seq, "seq");
        options = List.copyOf(options);
    }

    /** A segment without an urgent pointer. */
    public SegmentTemplate(Flags flags, long seq, long ack, int window, List<TcpOption> options, int payloadLength,
                           IpFields ip, boolean ecrScaled) {
        this(flags, seq, ack, window, options, payloadLength, ip, ecrScaled, 0);
    }

    /** A segment without IP fields, echo replies matched exactly. */
    public SegmentTemplate(Flags flags, long seq, long ack, int window, List<TcpOption> options, int payloadLength) {
        this(flags, seq, ack, window, options, payloadLength, IpFields.NONE, false);
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
                .urgentPointer(urgentPointer)
                .options(options)
                .payload(new byte[payloadLength])
                .build()), ip);
    }

    /** The absolute ack number to send, from what is known of the kernel's numbers by now. */
    long ackFor(SequenceMap numbers) {
        return flags.ack() ? numbers.kernelAbsolute(ack) : 0;
    }

    /**
     * True when the frame can only be encoded when sent: it echoes a kernel TS value, which
     * is known once the kernel's segment carrying it has arrived, it SACKs kernel data, which
     * counts from the kernel's ISN as its ack does, or it carries a Fast Open cookie, which
     * depends on the key the namespace has by then.
     */
    boolean encodedWhenSent() {
        return options.stream().anyMatch(o -> echoesKernel(o) || o instanceof TcpOption.Sack
                || o instanceof TcpOption.FastOpen || o instanceof TcpOption.FastOpenExp);
    }

    /** A TS echo reply that stands for a kernel TS value: packetdrill maps it only on a segment with the ACK flag. */
    private boolean echoesKernel(TcpOption option) {
        return flags.ack() && option instanceof TcpOption.Timestamps ts && ts.echoReply() != 0;
    }

    /** The frame's bytes with every kernel-relative number, and every script cookie, made live now. */
    byte[] encodeNow(Endpoint from, Endpoint to, SequenceMap numbers) throws PlanFailure {
        List<TcpOption> live = new java.util.ArrayList<>();
        for (TcpOption o : options) {
            if (echoesKernel(o) && o instanceof TcpOption.Timestamps ts) {
                java.util.OptionalLong echo = numbers.echoFor(ts.echoReply(), ecrScaled);
                if (echo.isEmpty()) {
                    throw new PlanFailure("unable to infer live TS ecr for script TS ecr " + ts.echoReply()
                            + ";  no matching or preceding outbound TS val");
                }
                live.add(new TcpOption.Timestamps(ts.value(), echo.getAsLong()));
            } else if (o instanceof TcpOption.Sack sack) {
                live.add(new TcpOption.Sack(sack.blocks().stream()
                        .map(b -> new long[] {numbers.kernelAbsolute(b[0]), numbers.kernelAbsolute(b[1])}).toList()));
            } else if (o instanceof TcpOption.FastOpen fo) {
                live.add(new TcpOption.FastOpen(FastOpenCookies.live(fo.cookie(), from.address(), to.address())));
            } else if (o instanceof TcpOption.FastOpenExp exp) {
                live.add(new TcpOption.FastOpenExp(FastOpenCookies.live(exp.cookie(), from.address(), to.address())));
            } else {
                live.add(o);
            }
        }
        byte[] frame = io.finack.wire.FrameCodec.encode(new TcpFrame(from, to, Segment.builder()
                .flags(flags)
                .seq(seq)
                .ack(ackFor(numbers))
                .window(window)
                .urgentPointer(urgentPointer)
                .options(live)
                .payload(new byte[payloadLength])
                .build()));
        ip.applyTo(frame);
        return frame;
    }

    /** packetdrill's inbound line: {@code < S. 0:0(0) ack 1 win 65535 <mss 1460>}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("< ").append(ip.isNone() ? "" : ip + " ").append(flags).append(' ')
                .append(seq).append(':').append(SeqNum.add(seq, payloadLength)).append('(').append(payloadLength).append(')');
        if (flags.ack()) {
            s.append(" ack ").append(ack);
        }
        s.append(" win ").append(window);
        if (urgentPointer != 0) {
            s.append(" urg ").append(urgentPointer);
        }
        if (!options.isEmpty()) {
            s.append(" <").append(options.stream().map(Object::toString).collect(Collectors.joining(","))).append('>');
        }
        return s.toString();
    }
}

package io.finack.testing;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.wire.CapturedFrame;
import io.finack.wire.FrameCodec;
import io.finack.wire.TcpFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a synthetic capture: frames encoded to lo's bytes and decoded back, as the sniffer
 * would hand them over, numbered from 1 and stamped on a clock advanced in microseconds.
 */
public final class TraceBuilder {
    /** 2025-10-09T08:53:20Z: a realistic epoch, far from any rounding edge. */
    public static final long START_NANOS = 1_760_000_000_000_000_000L;

    private final List<CapturedFrame> frames = new ArrayList<>();
    private long nowNanos = START_NANOS;

    /** Adds a frame {@code micros} after the previous one and returns it. */
    public CapturedFrame after(double micros, Endpoint from, Endpoint to, Segment segment) {
        nowNanos += Math.round(micros * 1000);
        byte[] raw = FrameCodec.encode(new TcpFrame(from, to, segment));
        CapturedFrame frame = new CapturedFrame(frames.size() + 1, nowNanos, raw,
                FrameCodec.decodeEthernet(raw).orElseThrow());
        frames.add(frame);
        return frame;
    }

    public List<CapturedFrame> frames() {
        return List.copyOf(frames);
    }

    public static Segment syn(long seq) {
        return Segment.builder().flags(Flags.SYN_ONLY).seq(seq).build();
    }

    public static Segment synAck(long seq, long ack) {
        return Segment.builder().flags(Flags.SYN_ACK).seq(seq).ack(ack).build();
    }

    public static Segment ack(long seq, long ack) {
        return Segment.builder().flags(Flags.ACK_ONLY).seq(seq).ack(ack).build();
    }

    public static Segment rst(long seq) {
        return Segment.builder().flags(Flags.RST_ONLY).seq(seq).window(0).build();
    }

    public static Segment rstAck(long seq, long ack) {
        return Segment.builder().flags(Flags.RST_ACK).seq(seq).ack(ack).window(0).build();
    }
}

package io.finack.tcp;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A TCP segment as finack crafts and reads it: the header fields that matter to the kernel's
 * state machine, the options, and the payload. Ports and addresses live in
 * {@link io.finack.wire.TcpFrame}, which pairs a segment with its endpoints.
 */
public final class Segment implements TcpHeader {
    private final Flags flags;
    private final long seq;
    private final long ack;
    private final int window;
    /** The urgent pointer: meaningful with URG, but sent and compared as is, as packetdrill does. */
    private final int urgentPointer;
    private final List<TcpOption> options;
    private final byte[] payload;

    private Segment(Builder b) {
        SeqNum.check(b.seq, "seq");
        SeqNum.check(b.ack, "ack");
        if (b.window < 0 || b.window > 0xffff) {
            throw new IllegalArgumentException("window out of range: " + b.window);
        }
        if (b.urgentPointer < 0 || b.urgentPointer > 0xffff) {
            throw new IllegalArgumentException("urgent pointer out of range: " + b.urgentPointer);
        }
        int optionBytes = b.options.stream().mapToInt(TcpOption::encodedLength).sum();
        if (optionBytes > 40) {
            throw new IllegalArgumentException("TCP options take " + optionBytes + " bytes, at most 40 fit");
        }
        this.flags = b.flags;
        this.seq = b.seq;
        this.ack = b.ack;
        this.window = b.window;
        this.urgentPointer = b.urgentPointer;
        this.options = List.copyOf(b.options);
        this.payload = b.payload.clone();
    }

    @Override public Flags flags() { return flags; }
    @Override public long seq() { return seq; }
    @Override public long ack() { return ack; }
    public int window() { return window; }
    public int urgentPointer() { return urgentPointer; }
    public List<TcpOption> options() { return options; }
    public byte[] payload() { return payload.clone(); }
    @Override public int payloadLength() { return payload.length; }

    /** Sequence space this segment occupies: payload bytes plus one for SYN and one for FIN. */
    public long sequenceLength() {
        return payload.length + (flags.syn() ? 1 : 0) + (flags.fin() ? 1 : 0);
    }

    /** The sequence number just after this segment. */
    public long endSeq() {
        return SeqNum.add(seq, sequenceLength());
    }

    public Builder toBuilder() {
        return new Builder().flags(flags).seq(seq).ack(ack).window(window).urgentPointer(urgentPointer).options(options).payload(payload);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segment s && s.flags.equals(flags) && s.seq == seq && s.ack == ack
                && s.window == window && s.urgentPointer == urgentPointer && s.options.equals(options) && Arrays.equals(s.payload, payload);
    }

    @Override
    public int hashCode() {
        return ((flags.hashCode() * 31 + Long.hashCode(seq)) * 31 + Long.hashCode(ack)) * 31 + window;
    }

    /** tcpdump-like: {@code S. seq 100:100(0) ack 1 win 65535 <mss 1460,nop>}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder()
                .append(flags).append(' ').append(seq).append(':').append(SeqNum.add(seq, payload.length))
                .append('(').append(payload.length).append(')');
        if (flags.ack()) s.append(" ack ").append(ack);
        s.append(" win ").append(window);
        if (urgentPointer != 0) s.append(" urg ").append(urgentPointer);
        if (!options.isEmpty()) {
            s.append(" <").append(options.stream().map(Object::toString).collect(Collectors.joining(","))).append('>');
        }
        return s.toString();
    }

    /** Builds a segment; defaults are an empty ACK-less segment with window 65535 and no options. */
    public static final class Builder {
        private Flags flags = Flags.ACK_ONLY;
        private long seq;
        private long ack;
        private int window = 65535;
        private int urgentPointer;
        private List<TcpOption> options = List.of();
        private byte[] payload = new byte[0];

        private Builder() {
        }

        public Builder flags(Flags flags) { this.flags = flags; return this; }
        public Builder seq(long seq) { this.seq = seq; return this; }
        public Builder ack(long ack) { this.ack = ack; return this; }
        public Builder window(int window) { this.window = window; return this; }
        public Builder urgentPointer(int pointer) { this.urgentPointer = pointer; return this; }
        public Builder options(List<TcpOption> options) { this.options = List.copyOf(options); return this; }
        public Builder options(TcpOption... options) { return options(List.of(options)); }
        public Builder payload(byte[] payload) { this.payload = payload.clone(); return this; }

        public Segment build() {
            return new Segment(this);
        }
    }
}

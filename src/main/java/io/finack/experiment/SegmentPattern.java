package io.finack.experiment;

import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpHeader;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A segment the harness expects from the kernel. {@code seq} is relative to the kernel's ISN
 * and {@code ack} is the harness's own number, as in packetdrill; an empty field matches any
 * value, and empty options mean "any options" (packetdrill's {@code <...>}).
 */
public record SegmentPattern(Flags flags, OptionalLong seq, OptionalLong ack, OptionalInt payloadLength,
                             Optional<List<io.finack.tcp.TcpOption>> options) {

    public static SegmentPattern of(Flags flags) {
        return new SegmentPattern(flags, OptionalLong.empty(), OptionalLong.empty(), OptionalInt.of(0), Optional.empty());
    }

    public SegmentPattern seq(long relative) {
        return new SegmentPattern(flags, OptionalLong.of(relative), ack, payloadLength, options);
    }

    public SegmentPattern ack(long harnessNumber) {
        return new SegmentPattern(flags, seq, OptionalLong.of(harnessNumber), payloadLength, options);
    }

    /**
     * Why {@code actual} does not match, in packetdrill's words, or empty when it does. The
     * kernel's ISN must already have been learned from {@code actual} if it is the first SYN.
     */
    Optional<String> mismatch(Segment actual, SequenceMap numbers) {
        return headerMismatch(actual, numbers).or(() -> optionsMismatch(actual));
    }

    /** The header part of {@link #mismatch}: what can be checked on a frame not yet decoded. */
    Optional<String> headerMismatch(TcpHeader actual, SequenceMap numbers) {
        if (!actual.flags().equals(flags)) {
            return Optional.of("tcp flags: expected " + flags + " vs actual " + actual.flags());
        }
        if (seq.isPresent() && numbers.kernelRelative(actual.seq()) != seq.getAsLong()) {
            return Optional.of("tcp_seq: expected " + seq.getAsLong() + " vs actual " + numbers.kernelRelative(actual.seq()));
        }
        if (ack.isPresent() && actual.ack() != ack.getAsLong()) {
            return Optional.of("tcp_ack_seq: expected " + ack.getAsLong() + " vs actual " + actual.ack());
        }
        if (payloadLength.isPresent() && actual.payloadLength() != payloadLength.getAsInt()) {
            return Optional.of("payload length: expected " + payloadLength.getAsInt() + " vs actual " + actual.payloadLength());
        }
        return Optional.empty();
    }

    /** The options part of {@link #mismatch}. */
    Optional<String> optionsMismatch(Segment actual) {
        if (options.isPresent() && !options.get().equals(actual.options())) {
            return Optional.of("tcp options: expected " + options.get() + " vs actual " + actual.options());
        }
        return Optional.empty();
    }

    /** packetdrill's outbound line: {@code > S 0:0(0) <...>}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("> ").append(flags);
        if (seq.isPresent()) {
            long start = seq.getAsLong();
            int len = payloadLength.orElse(0);
            s.append(' ').append(start).append(':').append(start + len).append('(').append(len).append(')');
        }
        if (ack.isPresent()) {
            s.append(" ack ").append(ack.getAsLong());
        }
        s.append(options.map(o -> " <" + o.stream().map(Object::toString).collect(Collectors.joining(",")) + ">").orElse(" <...>"));
        return s.toString();
    }
}

package io.finack.experiment;

import io.finack.tcp.Flags;
import io.finack.tcp.OptionData;
import io.finack.wire.IpFields;
import io.finack.tcp.Segment;
import io.finack.tcp.SeqNum;
import io.finack.tcp.TcpOption;
import io.finack.tcp.TcpHeader;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A segment the harness expects from the kernel. {@code seq} is relative to the kernel's ISN
 * and {@code ack} is the harness's own number, both moved by packetdrill's script-space
 * origins when a script's translation gives them ({@link #origins}); an empty field matches any
 * value, and empty options mean "any options" (packetdrill's {@code <...>}). Numbers compare
 * modulo 2^32, so {@code -5} and {@code 4294967291} are the same. A timestamps option matches
 * any TS value (the kernel's clock is its own: the first one seen is paired with the
 * script's, see {@link SequenceMap}) and the exact echo reply. {@code ip} holds the IP fields
 * the kernel's frame must carry ({@code [ect0]}); {@code tsTickMicros} is packetdrill's
 * --tcp_ts_tick_usecs (0: TS values unchecked); {@code aggregate} lets several kernel segments
 * match it together ({@link Fragments}). A Fast Open cookie is compared as the kernel's
 * for finack's addresses when the script's is the kernel's for packetdrill's.
 */
public record SegmentPattern(Flags flags, OptionalLong seq, OptionalLong ack, OptionalInt payloadLength,
                             OptionalInt window, Optional<List<TcpOption>> options, IpFields ip, int tsTickMicros,
                             boolean aggregate, long synSeqOrigin, long ackOrigin, int urgentPointer) {

    /** A pattern without IP fields, TS values unchecked. */
    public SegmentPattern(Flags flags, OptionalLong seq, OptionalLong ack, OptionalInt payloadLength,
                          OptionalInt window, Optional<List<TcpOption>> options) {
        this(flags, seq, ack, payloadLength, window, options, IpFields.NONE, 0, false, 0, 0, 0);
    }

    public static SegmentPattern of(Flags flags) {
        return new SegmentPattern(flags, OptionalLong.empty(), OptionalLong.empty(), OptionalInt.of(0),
                OptionalInt.empty(), Optional.empty());
    }

    public SegmentPattern seq(long relative) {
        return new SegmentPattern(flags, OptionalLong.of(relative), ack, payloadLength, window, options, ip, tsTickMicros, aggregate, synSeqOrigin, ackOrigin, urgentPointer);
    }

    public SegmentPattern ack(long harnessNumber) {
        return new SegmentPattern(flags, seq, OptionalLong.of(harnessNumber), payloadLength, window, options, ip, tsTickMicros, aggregate, synSeqOrigin, ackOrigin, urgentPointer);
    }

    public SegmentPattern payloadLength(int length) {
        return new SegmentPattern(flags, seq, ack, OptionalInt.of(length), window, options, ip, tsTickMicros, aggregate, synSeqOrigin, ackOrigin, urgentPointer);
    }

    public SegmentPattern window(int value) {
        return new SegmentPattern(flags, seq, ack, payloadLength, OptionalInt.of(value), options, ip, tsTickMicros, aggregate, synSeqOrigin, ackOrigin, urgentPointer);
    }

    /** Exactly these options, in this order; an empty list means none at all. */
    public SegmentPattern options(List<TcpOption> exactly) {
        return new SegmentPattern(flags, seq, ack, payloadLength, window, Optional.of(List.copyOf(exactly)), ip, tsTickMicros, aggregate, synSeqOrigin, ackOrigin, urgentPointer);
    }

    /** The IP fields the kernel's frame must carry. */
    public SegmentPattern ip(IpFields fields) {
        return new SegmentPattern(flags, seq, ack, payloadLength, window, options, fields, tsTickMicros, aggregate, synSeqOrigin, ackOrigin, urgentPointer);
    }

    /**
     * packetdrill's matching of a script segment against several kernel segments whose payload
     * adds up to its own ({@link Fragments}); off for --strict_segments and for finack's own plans.
     */
    public SegmentPattern aggregating(boolean on) {
        return new SegmentPattern(flags, seq, ack, payloadLength, window, options, ip, tsTickMicros, on, synSeqOrigin, ackOrigin, urgentPointer);
    }

    /** packetdrill's --tcp_ts_tick_usecs: TS values checked against the script's at this many microseconds a tick. */
    public SegmentPattern tsTickMicros(int micros) {
        return new SegmentPattern(flags, seq, ack, payloadLength, window, options, ip, micros, aggregate, synSeqOrigin, ackOrigin, urgentPointer);
    }

    /**
     * packetdrill's script-space origins ({@code finack packetdrill} and scripts; 0 for finack's
     * own plans): a kernel SYN's seq counts from {@code synSeq} (the script's ISN for the
     * kernel), the ack and SACK blocks of a kernel segment with ACK from {@code ack} (the
     * peer's ISN), so that {@code ack 1} is the peer's ISN plus one.
     */
    public SegmentPattern origins(long synSeq, long ack) {
        return new SegmentPattern(flags, seq, this.ack, payloadLength, window, options, ip, tsTickMicros, aggregate, synSeq, ack, urgentPointer);
    }

    /** The urgent pointer the kernel's segment must carry (packetdrill's {@code urg N}; 0 by default, as there). */
    public SegmentPattern urgentPointer(int pointer) {
        return new SegmentPattern(flags, seq, ack, payloadLength, window, options, ip, tsTickMicros, aggregate, synSeqOrigin,
                ackOrigin, pointer);
    }

    /** The expected ack as the harness's own number on the wire, as the injections carry theirs. */
    public OptionalLong wireAck() {
        return ack.isPresent() ? OptionalLong.of(SeqNum.add(ack.getAsLong(), ackOrigin)) : ack;
    }

    /** The kernel's seq in script space. */
    private long scriptSeq(TcpHeader actual, SequenceMap numbers) {
        long relative = numbers.kernelRelative(actual.seq());
        return actual.flags().syn() && synSeqOrigin != 0 ? SeqNum.add(relative, synSeqOrigin) : relative;
    }

    /** A harness number the kernel acknowledges or SACKs, in script space. */
    private long scriptAck(long live) {
        return SeqNum.add(live, -ackOrigin);
    }

    /**
     * Why {@code actual} does not match, in packetdrill's words, or empty when it does. The
     * kernel's ISN must already have been learned from {@code actual} if it is the first SYN.
     */
    Optional<String> mismatch(Segment actual, SequenceMap numbers) {
        return headerMismatch(actual, numbers).or(() -> optionsMismatch(actual, numbers));
    }

    /** The header part of {@link #mismatch}: what can be checked on a frame not yet decoded. */
    Optional<String> headerMismatch(TcpHeader actual, SequenceMap numbers) {
        if (!actual.flags().equals(flags)) {
            return Optional.of(EcnFlags.mismatch(flags, actual.flags())
                    .orElse("tcp flags: expected " + flags + " vs actual " + actual.flags()));
        }
        if (seq.isPresent() && SeqNum.of(scriptSeq(actual, numbers)) != SeqNum.of(seq.getAsLong())) {
            return Optional.of("tcp_seq: expected " + seq.getAsLong() + " vs actual " + scriptSeq(actual, numbers));
        }
        // packetdrill maps the ack field only when the ACK flag is set.
        long actualAck = actual.flags().ack() ? scriptAck(actual.ack()) : actual.ack();
        if (ack.isPresent() && actualAck != SeqNum.of(ack.getAsLong())) {
            return Optional.of("tcp_ack_seq: expected " + ack.getAsLong() + " vs actual " + actualAck);
        }
        if (payloadLength.isPresent() && actual.payloadLength() != payloadLength.getAsInt()) {
            return Optional.of("payload length: expected " + payloadLength.getAsInt() + " vs actual " + actual.payloadLength());
        }
        return Optional.empty();
    }

    /** What {@link #headerMismatch} cannot check: the window and the options. */
    Optional<String> optionsMismatch(Segment actual, SequenceMap numbers) {
        if (window.isPresent() && actual.window() != window.getAsInt()) {
            return Optional.of("tcp_window: expected " + window.getAsInt() + " vs actual " + actual.window());
        }
        if (actual.urgentPointer() != urgentPointer) {
            return Optional.of("tcp_urg_ptr: expected " + urgentPointer + " vs actual " + actual.urgentPointer());
        }
        if (options.isEmpty()) {
            return Optional.empty();
        }
        List<TcpOption> expected = options.get().stream().map(o -> live(o, numbers)).toList();
        List<TcpOption> seen = actual.options().stream().map(this::scriptSack).toList();
        boolean same = expected.size() == seen.size();
        for (int i = 0; same && i < expected.size(); i++) {
            if (expected.get(i) instanceof TcpOption.Timestamps want && seen.get(i) instanceof TcpOption.Timestamps got) {
                same = want.echoReply() == got.echoReply();
            } else if (expected.get(i).kind() == seen.get(i).kind() && OptionData.of(expected.get(i)).isPresent()
                    && !expected.get(i).equals(seen.get(i))) {
                // packetdrill's words for an option of the right kind with other bytes.
                return Optional.of((expected.get(i).encodedLength() != seen.get(i).encodedLength() ? "bad length" : "bad value")
                        + " in outbound TCP option (kind=" + expected.get(i).kind() + "): expected: " + expected.get(i)
                        + " actual: " + seen.get(i));
            } else {
                same = expected.get(i).equals(seen.get(i));
            }
        }
        if (!same) {
            return Optional.of("tcp options: expected " + expected + " vs actual " + seen);
        }
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) instanceof TcpOption.Timestamps want && seen.get(i) instanceof TcpOption.Timestamps got) {
                numbers.learnKernelTimestamp(want.value(), got.value());
            }
        }
        return Optional.empty();
    }

    /** The IP part of the check, on the kernel frame's bytes: ECN codepoint, TOS, TTL, flow label. */
    Optional<String> ipMismatch(byte[] frame, SequenceMap numbers) {
        if (ip.isNone()) {
            return Optional.empty();
        }
        // packetdrill checks a flow label on IPv6 only.
        boolean ipv6 = (frame[14] & 0xf0) == 0x60;
        return ip.mismatch(frame).or(() -> ipv6 ? numbers.flowLabelMismatch(ip.flowLabel(), IpFields.flowLabelOf(frame))
                : Optional.empty());
    }

    /** A kernel SACK option with its blocks in script space. */
    private TcpOption scriptSack(TcpOption option) {
        if (ackOrigin == 0 || !(option instanceof TcpOption.Sack sack)) {
            return option;
        }
        return new TcpOption.Sack(sack.blocks().stream().map(b -> new long[] {scriptAck(b[0]), scriptAck(b[1])}).toList());
    }

    /** A script's Fast Open cookie as the kernel would carry it for finack's addresses. */
    private static TcpOption live(TcpOption option, SequenceMap numbers) {
        if (option instanceof TcpOption.FastOpen fo) {
            return new TcpOption.FastOpen(numbers.liveCookie(fo.cookie()));
        } else if (option instanceof TcpOption.FastOpenExp exp) {
            return new TcpOption.FastOpenExp(numbers.liveCookie(exp.cookie()));
        }
        return option;
    }

    /**
     * packetdrill's --tcp_ts_tick_usecs check of the kernel's TS value: mapped into script
     * space (the first pair's script value plus the kernel's ticks since), it may differ from
     * the script's by no more than {@code toleranceMicros} worth of ticks. {@code slipMicros}
     * is how much later than the script the harness has acted since the first TS value was
     * paired (finack's clock slips instead of blaming the kernel): the kernel's clock ran that
     * much more.
     */
    Optional<String> timestampTickMismatch(Segment actual, SequenceMap numbers, long toleranceMicros, long slipMicros) {
        if (tsTickMicros == 0 || options.isEmpty()) {
            return Optional.empty();
        }
        Optional<TcpOption.Timestamps> want = options.get().stream().filter(TcpOption.Timestamps.class::isInstance)
                .map(TcpOption.Timestamps.class::cast).findFirst();
        Optional<TcpOption.Timestamps> got = actual.options().stream().filter(TcpOption.Timestamps.class::isInstance)
                .map(TcpOption.Timestamps.class::cast).findFirst();
        if (want.isEmpty() || got.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong mapped = numbers.scriptTimestamp(got.get().value());
        if (mapped.isEmpty()) {
            return Optional.empty();
        }
        long ticks = (long) (int) (mapped.getAsLong() - want.get().value());
        if (Math.abs(ticks * tsTickMicros - slipMicros) > toleranceMicros) {
            return Optional.of("bad outbound TCP timestamp value, tolerance " + toleranceMicros);
        }
        return Optional.empty();
    }

    /** packetdrill's outbound line: {@code > S 0:0(0) <...>}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("> ").append(ip.isNone() ? "" : ip + " ").append(flags);
        if (seq.isPresent()) {
            long start = seq.getAsLong();
            int len = payloadLength.orElse(0);
            s.append(' ').append(start).append(':').append(start + len).append('(').append(len).append(')');
        }
        if (ack.isPresent() && flags.ack()) {
            s.append(" ack ").append(ack.getAsLong());
        }
        window.ifPresent(w -> s.append(" win ").append(w));
        if (urgentPointer != 0) {
            s.append(" urg ").append(urgentPointer);
        }
        s.append(options.map(o -> o.isEmpty() ? "" : " <" + o.stream().map(Object::toString).collect(Collectors.joining(",")) + ">")
                .orElse(" <...>"));
        return s.toString();
    }
}

package io.finack.experiment;

import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.SeqNum;
import io.finack.tcp.TcpHeader;
import io.finack.wire.IpFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * packetdrill's rule for matching a script segment against the kernel's (run_packet.c): unless
 * the script says --strict_segments, consecutive kernel segments are taken together until
 * their payload reaches the script segment's, as one segment that a kernel with segmentation
 * offload would have sent; each must continue the previous one (same flags but FIN, PSH and
 * CWR, same ack, its sequence number where the previous ended) and all but the last carry as
 * much payload as the first. The whole is then checked as one segment: the last one's header
 * with the first one's sequence number and CWR flag. One per armed expectation; used by one
 * thread at a time, as {@link SequenceMap} is.
 */
final class Fragments {
    private static final int LOOSE_FLAGS = Flags.FIN | Flags.PSH | Flags.CWR;

    private final int expected;
    private final boolean aggregate;
    private final List<TcpHeader> seen = new ArrayList<>();
    private int total;

    /** For a pattern expecting {@code expected} payload bytes; {@code aggregate} false for --strict_segments. */
    Fragments(int expected, boolean aggregate) {
        this.expected = expected;
        this.aggregate = aggregate;
    }

    static Fragments of(SegmentPattern pattern) {
        return new Fragments(pattern.payloadLength().orElse(0), pattern.aggregate());
    }

    /** Takes the next kernel segment; the reason it cannot continue the ones before, in packetdrill's words, if so. */
    Optional<String> add(TcpHeader next) {
        if (!seen.isEmpty()) {
            TcpHeader previous = seen.get(seen.size() - 1);
            int flagDifference = (previous.flags().bits() ^ next.flags().bits()) & ~LOOSE_FLAGS;
            if (flagDifference != 0) {
                return Optional.of("aggregate candidate: tcp flags " + next.flags() + " after " + previous.flags());
            }
            long expectedSeq = SeqNum.add(previous.seq(), previous.payloadLength());
            if (next.seq() != expectedSeq) {
                return Optional.of(IpFields.field("tcp_seq", expectedSeq, next.seq()));
            }
            if (next.ack() != previous.ack()) {
                return Optional.of(IpFields.field("tcp_ack_seq", previous.ack(), next.ack()));
            }
            if (next.payloadLength() < expected - total && next.payloadLength() != previous.payloadLength()) {
                return Optional.of("fragment payload: expected " + previous.payloadLength() + " bytes vs actual "
                        + next.payloadLength() + " bytes; total payload: expected " + expected + " bytes vs actual "
                        + (total + next.payloadLength()) + " bytes");
            }
        }
        seen.add(next);
        total += next.payloadLength();
        if (seen.size() > 1 && !waiting() && total != expected) {
            return Optional.of("live packet payload: expected " + expected + " bytes vs actual " + total + " bytes");
        }
        return Optional.empty();
    }

    /** True while the segments so far carry less payload than the script's and more may come. */
    boolean waiting() {
        return aggregate && total < expected;
    }

    int count() {
        return seen.size();
    }

    /** The header of the whole: the last segment's, with the first's sequence number and CWR flag. */
    TcpHeader header() {
        if (seen.size() == 1) {
            return seen.get(0);
        }
        Flags flags = flags();
        long seq = seen.get(0).seq();
        long ack = seen.get(seen.size() - 1).ack();
        int payload = total;
        return new TcpHeader() {
            @Override public Flags flags() { return flags; }
            @Override public long seq() { return seq; }
            @Override public long ack() { return ack; }
            @Override public int payloadLength() { return payload; }
        };
    }

    /** The whole as a segment, from the last one decoded: its options and window, the first's sequence number. */
    Segment segment(Segment last) {
        if (seen.size() == 1) {
            return last;
        }
        return last.toBuilder().flags(flags()).seq(seen.get(0).seq()).payload(new byte[total]).build();
    }

    private Flags flags() {
        int last = seen.get(seen.size() - 1).flags().bits() & ~Flags.CWR;
        return new Flags(last | (seen.get(0).flags().bits() & Flags.CWR));
    }
}

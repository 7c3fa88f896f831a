package io.finack.ladder;

import io.finack.tcp.Flags;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A ladder diagram of one TCP exchange: two endpoints side by side, one arrow a segment in
 * the order they were seen (or planned), and the states each side is known to be in between
 * them. The left side is the kernel's socket (or a capture's client), the right side the
 * harness (or the server). Text and SVG renderers draw the same value.
 *
 * @param title  one line above the diagram
 * @param left   the left endpoint's role and address, e.g. {@code kernel 127.0.0.1:40000}
 * @param right  the right endpoint's role and address
 * @param rows   arrows and notes, top to bottom
 * @param legend what the numbers on the arrows mean, one line
 */
public record Ladder(String title, Side left, Side right, List<Row> rows, String legend) {
    public Ladder {
        Objects.requireNonNull(title, "title");
        rows = List.copyOf(rows);
    }

    /** One endpoint: its role ("kernel", "harness", "client", "server") and its address. */
    public record Side(String role, String address) {
    }

    /** The arrows of the diagram, without the notes. */
    public List<Arrow> arrows() {
        return rows.stream().filter(Arrow.class::isInstance).map(Arrow.class::cast).toList();
    }

    /** A row of the diagram. */
    public sealed interface Row {
        /** Milliseconds since the exchange's first frame; empty for a plan, which has no times yet. */
        OptionalDouble millis();
    }

    /**
     * One segment.
     *
     * @param frame        its number in the pcap (from 1); empty for a planned segment
     * @param leftToRight  whether the left side sent it
     * @param flags        its TCP flags
     * @param label        flags and numbers, packetdrill style: {@code . 5 ack -19502346}
     * @param role         its part in the stale-ACK path, if any
     * @param interval     for a path frame: the measured interval that ends on it
     * @param rightState   the state the right side's segments put it in after this one, when it changed
     * @param note         a short word on the segment (a plan step's label), shown where no role is
     * @param dropped      the kernel's reason for dropping the segment (skb:kfree_skb), if it did
     */
    public record Arrow(OptionalLong frame, OptionalDouble millis, boolean leftToRight, Flags flags, String label, Role role,
                        Optional<Interval> interval, Optional<String> rightState, Optional<String> note,
                        Optional<String> dropped) implements Row {
        public Arrow {
            Objects.requireNonNull(flags, "flags");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(dropped, "dropped");
        }

        /** A segment the kernel is not known to have dropped. */
        public Arrow(OptionalLong frame, OptionalDouble millis, boolean leftToRight, Flags flags, String label, Role role,
                     Optional<Interval> interval, Optional<String> rightState, Optional<String> note) {
            this(frame, millis, leftToRight, flags, label, role, interval, rightState, note, Optional.empty());
        }

        public boolean highlighted() {
            return role != Role.NONE;
        }

        Arrow withRole(Role newRole) {
            return new Arrow(frame, millis, leftToRight, flags, label, newRole, interval, rightState, note, dropped);
        }
    }

    /**
     * A state of the left side observed at a point in time (sock_diag), or planned to be
     * checked there; {@code state} is a TCP state name or {@code no socket}; {@code detail} what
     * else was read with it (the socket's tcp_info, {@code rto:1000 backoff:0 ...}).
     */
    public record LeftState(OptionalDouble millis, String state, String source, Optional<String> detail) implements Row {
        public LeftState(OptionalDouble millis, String state, String source) {
            this(millis, state, source, Optional.empty());
        }
    }

    /** Something that happens on one side without a segment: a system call, a pause. */
    public record Event(OptionalDouble millis, boolean left, String text) implements Row {
    }

    /** A measured interval: its key as {@code PathFinding.intervals()} has it ({@code rst_to_retry}) and its length. */
    public record Interval(String key, double millis) {
        /** The name reports print: {@code rst->retry}. */
        public String words() {
            return words(key);
        }

        /** {@code syn_to_stale_ack} as reports print it: {@code syn->stale ack}. */
        public static String words(String key) {
            return key.replace("_to_", "->").replace('_', ' ');
        }
    }

    /** The frames of the stale-ACK path, highlighted in every rendering. */
    public enum Role {
        NONE(""), STALE_ACK("stale ACK"), RST("RST"), RETRY("SYN retry");

        private final String words;

        Role(String words) {
            this.words = words;
        }

        /** How reports name the role; empty for NONE. */
        public String words() {
            return words;
        }
    }
}

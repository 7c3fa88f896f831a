package io.finack.script;

import io.finack.analysis.Verdict;
import io.finack.syscall.Argument;
import io.finack.syscall.SocketCall;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpOption;
import io.finack.tcp.TcpState;
import io.finack.wire.IpFields;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** What one event of a script does. */
public sealed interface Action {
    /** Which way a packet line goes. */
    enum Direction {
        /** {@code <}: the harness injects it, as from the remote peer. */
        INBOUND,
        /** {@code >}: the kernel must send it. */
        OUTBOUND
    }

    /**
     * A packet line. {@code start}, {@code end} and {@code ack} are as written (the side's own
     * numbering is the translation's business); {@code anySequence} is finack's {@code *:*(LEN)},
     * a kernel segment whose sequence numbers are not checked (a new connection's fresh ISN).
     * {@code options} empty means {@code <...>} (any options); a line without an options clause
     * has an empty list: no options. {@code note} is the comment after the line, which names a
     * kernel segment in reports ({@code // the stale ACK}). {@code ip} holds the IP fields the
     * line gives before the flags ({@code [ect0]}, {@code (tos 0x10)}); {@code urgentPointer} is
     * its {@code urg N} (0 when not given: packetdrill then sends and expects 0).
     */
    record Packet(Direction direction, Flags flags, boolean anySequence, long start, long end, int length, OptionalLong ack,
                  OptionalInt window, Optional<List<TcpOption>> options, Optional<String> note, IpFields ip,
                  int urgentPointer) implements Action {
        public Packet {
            options = options.map(List::copyOf);
        }

        /** A line without IP fields. */
        public Packet(Direction direction, Flags flags, boolean anySequence, long start, long end, int length, OptionalLong ack,
                      OptionalInt window, Optional<List<TcpOption>> options, Optional<String> note) {
            this(direction, flags, anySequence, start, end, length, ack, window, options, note, IpFields.NONE, 0);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(direction == Direction.INBOUND ? "< " : "> ")
                    .append(ip.isNone() ? "" : ip + " ").append(flags)
                    .append(' ').append(anySequence ? "*" : Long.toString(start)).append(':')
                    .append(anySequence ? "*" : Long.toString(end)).append('(').append(length).append(')');
            ack.ifPresent(a -> s.append(" ack ").append(a));
            window.ifPresent(w -> s.append(" win ").append(w));
            if (urgentPointer != 0) {
                s.append(" urg ").append(urgentPointer);
            }
            if (options.isEmpty()) {
                s.append(" <...>");
            } else if (!options.get().isEmpty()) {
                s.append(options.get().stream().map(Object::toString).collect(Collectors.joining(",", " <", ">")));
            }
            note.ifPresent(n -> s.append("   // ").append(n));
            return s.toString();
        }
    }

    /**
     * An inbound ICMP error line, {@code < icmp unreachable frag_needed mtu 1200 [0:1000(1000)]}:
     * packetdrill's type and code names (resolved per family by the translation), the MTU
     * ({@code -1}: none), the echo id (0: none), and the quoted kernel segment's start (relative
     * to the kernel's ISN) and payload length.
     */
    record Icmp(IpFields ip, String type, Optional<String> code, long mtu, int echoId, long quotedStart, int quotedLength)
            implements Action {
        @Override
        public String toString() {
            return "< " + (ip.isNone() ? "" : ip + " ") + "icmp " + type + code.map(c -> " " + c).orElse("")
                    + (mtu >= 0 ? " mtu " + mtu : "") + (echoId > 0 ? " id " + echoId : "")
                    + " [" + quotedStart + ":" + (quotedStart + quotedLength) + "(" + quotedLength + ")]";
        }
    }

    /** A system call line: {@code connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)}. */
    record Syscall(String name, List<Argument> arguments, SocketCall.Result result) implements Action {
        public Syscall {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String toString() {
            return name + arguments.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"))
                    + " = " + result;
        }
    }

    /**
     * A backtick line: a shell command run inside the experiment's network namespace. {@code
     * init}: written with no time before the first event, packetdrill's init command, which
     * runs before the script's clock starts.
     */
    record Shell(String command, boolean init) implements Action {
        public Shell(String command) {
            this(command, false);
        }

        @Override public String toString() { return "`" + command + "`"; }
    }

    /**
     * packetdrill's python block {@code %{ ... }%}: {@code code} runs in a Python 3 interpreter
     * after the script's last line, with the TCP_INFO the block's line read; {@code firstLine}
     * is the script line the code starts on, so that Python's line numbers are the script's.
     */
    record Python(String code, int firstLine) implements Action {
        @Override public String toString() { return "%{ " + code + " }%"; }
    }

    /** finack's extension {@code @state NAME}: the kernel socket's state through sock_diag ({@code none}: gone). */
    record State(Optional<TcpState> state) implements Action {
        @Override public String toString() { return "@state " + state.map(Enum::name).orElse("none"); }
    }

    /**
     * finack's extension {@code @observe}: the kernel socket's state through sock_diag, recorded
     * without a check, for a script's {@code @expect states} header to judge at the end.
     */
    record Observe() implements Action {
        @Override public String toString() { return "@observe"; }
    }

    /** finack's extension {@code @verdict WORD}: the path detector's verdict on the frames so far. */
    record PathVerdict(Verdict verdict) implements Action {
        @Override public String toString() { return "@verdict " + verdict; }
    }
}

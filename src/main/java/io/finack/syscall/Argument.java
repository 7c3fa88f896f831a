package io.finack.syscall;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One argument of a system call line in packetdrill's notation, as written: numbers, named
 * constants or'ed together, {@code ...}, strings, arrays {@code [..]}, structs {@code {name=value,
 * ...}} (a field may carry a count, {@code msg_iov(1)=[...]}), unnamed tuples {@code {..., 0}} and
 * helpers {@code htons(8080)}. Each call's own class decides what its arguments mean.
 */
public sealed interface Argument {
    /** {@code ...}: the harness's address, a buffer, a length finack fills in. */
    record Ellipsis() implements Argument {
        @Override public String toString() { return "..."; }
    }

    record Number(long value) implements Argument {
        @Override public String toString() { return Long.toString(value); }
    }

    /**
     * A constant or constants or'ed together: {@code SOL_SOCKET}, {@code O_RDWR|O_NONBLOCK}; a
     * number may stand among them ({@code MSG_EOR|0x20}).
     */
    record Names(List<String> names) implements Argument {
        public Names {
            names = List.copyOf(names);
        }
        @Override public String toString() { return String.join("|", names); }
    }

    /** {@code [1]}: a value passed by pointer, as packetdrill writes an int option. */
    record Array(List<Argument> elements) implements Argument {
        public Array {
            elements = List.copyOf(elements);
        }
        @Override public String toString() {
            return elements.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** {@code {onoff=1, linger=0}}: a struct by field name, in the written order. */
    record Struct(Map<String, Argument> fields) implements Argument {
        public Struct {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }
        @Override public String toString() {
            return fields.entrySet().stream()
                    .map(e -> e.getKey() + (e.getValue() instanceof Sized ? "" : "=") + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** {@code {..., 0}}: a struct by position, as packetdrill writes an iovec. */
    record Tuple(List<Argument> elements) implements Argument {
        public Tuple {
            elements = List.copyOf(elements);
        }
        @Override public String toString() {
            return elements.stream().map(Object::toString).collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** A struct field with a count, {@code msg_iov(1)=[...]} or {@code msg_name(...)=...}: the count, then the value. */
    record Sized(Argument count, Argument value) implements Argument {
        @Override public String toString() { return "(" + count + ")=" + value; }
    }

    /** A helper call inside an argument: {@code htons(8080)}, {@code inet_addr("192.0.2.1")}. */
    record Function(String name, List<Argument> arguments) implements Argument {
        public Function {
            arguments = List.copyOf(arguments);
        }
        @Override public String toString() {
            return name + arguments.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    record Text(String value) implements Argument {
        @Override public String toString() { return "\"" + value + "\""; }
    }
}

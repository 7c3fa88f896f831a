package io.finack.script;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One argument of a system call line, as written; the translation decides what it means. */
public sealed interface Argument {
    /** {@code ...}: the harness's address, a buffer, a length finack fills in. */
    record Ellipsis() implements Argument {
        @Override public String toString() { return "..."; }
    }

    record Number(long value) implements Argument {
        @Override public String toString() { return Long.toString(value); }
    }

    /** A constant or constants or'ed together: {@code SOL_SOCKET}, {@code O_RDWR|O_NONBLOCK}. */
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
            return fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
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

package io.finack.syscall;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reading packetdrill's argument notation into values, with packetdrill's own wording for what
 * does not fit: an integer is a number or named constants or'ed together ({@link Symbols}), an
 * int option's value is {@code [N]}, a buffer is {@code ...} or {@code NULL}.
 */
public final class Notation {
    private Notation() {
    }

    /** A number, or named constants or'ed together. */
    public static long integer(Argument a) throws NotationException {
        if (a instanceof Argument.Number n) {
            return n.value();
        }
        if (a instanceof Argument.Names names) {
            long value = 0;
            for (String name : names.names()) {
                value |= symbol(name);
            }
            return value;
        }
        if (a instanceof Argument.Function f && f.name().equals("htons") && f.arguments().size() == 1) {
            return integer(f.arguments().get(0));
        }
        throw badType(a, "integer");
    }

    private static long symbol(String name) throws NotationException {
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            return name.startsWith("0x") || name.startsWith("0X") ? Long.parseLong(name.substring(2), 16) : Long.parseLong(name);
        }
        OptionalLong value = Symbols.value(name);
        if (value.isEmpty()) {
            throw new NotationException("unknown symbol: '" + name + "'");
        }
        return value.getAsLong();
    }

    /** An integer that fits 32 bits, signed or not (packetdrill's s32). */
    public static int s32(Argument a) throws NotationException {
        long value = integer(a);
        if (value > 0xffff_ffffL || value < Integer.MIN_VALUE) {
            throw new NotationException("Value out of range for 32-bit integer: " + value);
        }
        return (int) value;
    }

    /** An integer that fits 8 bits. */
    public static int s8(Argument a) throws NotationException {
        long value = integer(a);
        if (value > 0xff || value < Byte.MIN_VALUE) {
            throw new NotationException("Value out of range for 8-bit integer: " + value);
        }
        return (int) value;
    }

    /** {@code [N]}: one integer passed by pointer. */
    public static long bracketed(Argument a) throws NotationException {
        if (!(a instanceof Argument.Array array)) {
            throw badType(a, "list");
        }
        if (array.elements().size() != 1) {
            throw new NotationException("Expected [<element>] but got multiple elements");
        }
        return integer(array.elements().get(0));
    }

    /** A struct's fields by name. */
    public static Map<String, Argument> struct(Argument a, String what) throws NotationException {
        if (!(a instanceof Argument.Struct struct)) {
            throw new NotationException("expected " + what + ", not " + a);
        }
        return struct.fields();
    }

    /** A struct's field, which must be there. */
    public static Argument field(Map<String, Argument> fields, String name, String what) throws NotationException {
        Argument value = fields.get(name);
        if (value == null) {
            throw new NotationException(what + " needs its field " + name);
        }
        return value;
    }

    /** Refuses fields of a struct other than {@code known}: a field finack would not honour. */
    public static void only(Map<String, Argument> fields, String what, String... known) throws NotationException {
        for (String name : fields.keySet()) {
            if (!List.of(known).contains(name)) {
                throw new NotationException(what + " has no field " + name + " finack knows (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /** packetdrill's "Bad type; actual: X expected: Y". */
    public static NotationException badType(Argument a, String expected) {
        return new NotationException("Bad type; actual: " + typeName(a) + " expected: " + expected);
    }

    private static String typeName(Argument a) {
        if (a instanceof Argument.Ellipsis) {
            return "ellipsis";
        } else if (a instanceof Argument.Number || a instanceof Argument.Names) {
            return "integer";
        } else if (a instanceof Argument.Text) {
            return "string";
        } else if (a instanceof Argument.Array) {
            return "list";
        } else if (a instanceof Argument.Function f) {
            return f.name();
        }
        return "struct";
    }
}

package io.finack.syscall;

import io.finack.tcp.Endpoint;

import java.util.List;
import java.util.function.Predicate;

/**
 * A system call line as a call's {@code parse} reads it: its arguments, the result the script
 * states, the endpoints finack supplies where the script writes {@code ...}, and which written
 * addresses ({@code inet_addr("192.0.2.1")}) finack maps onto them.
 */
public record Line(String name, List<Argument> arguments, SocketCall.Result result, Endpoint kernel, Endpoint harness,
                   Predicate<String> mappedAddress) {
    public Line {
        arguments = List.copyOf(arguments);
    }

    public Argument argument(int index) throws NotationException {
        if (index >= arguments.size()) {
            throw new NotationException("Argument list too short");
        }
        return arguments.get(index);
    }

    /** packetdrill's "Expected N args but got M". */
    public void count(int expected) throws NotationException {
        if (arguments.size() != expected) {
            throw new NotationException("Expected " + expected + " args but got " + arguments.size());
        }
    }

    /** A script's file descriptor, 0 to 1023. */
    public int fd(int index) throws NotationException {
        int fd = s32(index);
        if (fd < 0 || fd > 1023) {
            throw new NotationException("expected a file descriptor (0 to 1023), not " + argument(index));
        }
        return fd;
    }

    public int s32(int index) throws NotationException {
        return Notation.s32(argument(index));
    }

    public long integer(int index) throws NotationException {
        return Notation.integer(argument(index));
    }

    public boolean isEllipsis(int index) throws NotationException {
        return argument(index) instanceof Argument.Ellipsis;
    }

    /** An argument that must be {@code ...}. */
    public void ellipsis(int index) throws NotationException {
        if (!isEllipsis(index)) {
            throw Notation.badType(argument(index), "ellipsis");
        }
    }

    /** A buffer: {@code ...} (finack's zeros), or {@code NULL} / 0 (true: a null pointer). */
    public boolean nullBuffer(int index) throws NotationException {
        Argument a = argument(index);
        if (a instanceof Argument.Ellipsis) {
            return false;
        }
        if ((a instanceof Argument.Number n && n.value() == 0) || (a instanceof Argument.Names names
                && names.names().equals(List.of("NULL")))) {
            return true;
        }
        throw new NotationException("Expected ... or NULL for buffer");
    }

    /** A byte count, 0 to 16 MiB. */
    public int length(int index) throws NotationException {
        int length = s32(index);
        if (length < 0 || length > 1 << 24) {
            throw new NotationException("expected a length in bytes (0 to 16777216), not " + argument(index));
        }
        return length;
    }

    /**
     * A socket address argument of bind, connect or accept, which finack supplies: {@code ...},
     * a length, or a socket address naming an address finack maps. Any other is refused.
     */
    public void address(int index) throws NotationException {
        Argument a = argument(index);
        if (a instanceof Argument.Ellipsis || a instanceof Argument.Number) {
            return;
        }
        if (a instanceof Argument.Struct address) {
            for (String field : List.of("sin_addr", "sin6_addr")) {
                if (address.fields().get(field) instanceof Argument.Function f && !f.arguments().isEmpty()
                        && f.arguments().get(f.arguments().size() - 1) instanceof Argument.Text text
                        && mappedAddress.test(text.value())) {
                    return;
                }
            }
        }
        throw new NotationException("finack supplies the addresses: write ... (or packetdrill's own addresses), not " + a);
    }

    /** The descriptor a call that opens one returns, as the script names it (socket() = 3). */
    public int returnedFd() throws NotationException {
        long value = result.value();
        if (value < 0 || value > 1023) {
            throw new NotationException(name + " returns a file descriptor (0 to 1023), not " + result);
        }
        return (int) value;
    }
}

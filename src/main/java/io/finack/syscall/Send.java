package io.finack.syscall;

import com.sun.jna.LastErrorException;
import io.finack.kernel.KernelSocket;
import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;
import io.finack.tcp.Endpoint;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * {@code write(4, ..., 1000)}, {@code send(4, ..., 1000, MSG_ZEROCOPY)} and {@code sendto(3, ...,
 * 1000, MSG_FASTOPEN, ..., ...)}: {@code length} zero bytes (or a NULL buffer) with the flags.
 * sendto names the harness's endpoint, or with an address family in place of the address
 * ({@code AF_UNSPEC}) a sockaddr of only that family, as packetdrill does; with MSG_FASTOPEN it
 * connects, so a socket the script did not bind is bound to the kernel's endpoint first.
 */
public record Send(String name, int fd, boolean nullBuffer, int length, int flags, Optional<Endpoint> to,
                   OptionalInt family) implements SocketCall {
    static SocketCall write(Line line) throws NotationException {
        line.count(3);
        return new Send("write", line.fd(0), line.nullBuffer(1), line.length(2), 0, Optional.empty(), OptionalInt.empty());
    }

    static SocketCall send(Line line) throws NotationException {
        line.count(4);
        return new Send("send", line.fd(0), line.nullBuffer(1), line.length(2), line.s32(3), Optional.empty(),
                OptionalInt.empty());
    }

    static SocketCall sendto(Line line) throws NotationException {
        line.count(6);
        OptionalInt family = OptionalInt.empty();
        if (!line.isEllipsis(4)) {
            family = OptionalInt.of(line.s32(4));
        }
        line.ellipsis(5);
        return new Send("sendto", line.fd(0), line.nullBuffer(1), line.length(2), line.s32(3), Optional.of(line.harness()),
                family);
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return !fds.nonBlocking(fd) && (flags & (int) Symbols.value("MSG_DONTWAIT").getAsLong()) == 0;
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        byte[] data = nullBuffer ? null : new byte[length];
        try {
            if (name.equals("write")) {
                return Returned.of(Libc.C.write(context.fds().live(fd), data, length));
            }
            byte[] address = null;
            if (family.isPresent()) {
                address = new byte[16];
                address[0] = (byte) family.getAsInt();
                address[1] = (byte) (family.getAsInt() >> 8);
            } else if (to.isPresent()) {
                KernelSocket socket = context.fds().socket(fd);
                if ((flags & (int) Symbols.value("MSG_FASTOPEN").getAsLong()) != 0) {
                    context.startConnecting(fd, socket);
                }
                address = KernelSocket.sockaddr(to.get());
            }
            return Returned.of(Libc.C.sendto(context.fds().live(fd), data, length, flags, address,
                    address == null ? 0 : address.length));
        } catch (LastErrorException e) {
            throw SyscallException.of(name, e);
        }
    }

    @Override public SocketCall withEndpoints(UnaryOperator<Endpoint> move) {
        return new Send(name, fd, nullBuffer, length, flags, to.map(move), family);
    }

    @Override public String toString() {
        String buffer = nullBuffer ? "NULL" : "...";
        return switch (name) {
            case "write" -> "write(" + fd + ", " + buffer + ", " + length + ")";
            case "send" -> "send(" + fd + ", " + buffer + ", " + length + ", " + Flags.msg(flags) + ")";
            default -> "sendto(" + fd + ", " + buffer + ", " + length + ", " + Flags.msg(flags) + ", "
                    + (family.isPresent() ? Integer.toString(family.getAsInt()) : to.map(Endpoint::toString).orElse("...")) + ")";
        };
    }
}

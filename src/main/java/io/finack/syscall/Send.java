package io.finack.syscall;

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
        return Calls.waits(fds, fd, flags, Calls.MSG_DONTWAIT);
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        byte[] data = nullBuffer ? null : new byte[length];
        int live = context.fds().live(fd);
        if (name.equals("write")) {
            return Returned.of(Calls.call(name, () -> Libc.C.write(live, data, length)));
        }
        byte[] address = null;
        if (family.isPresent()) {
            address = new byte[16];
            address[0] = (byte) family.getAsInt();
            address[1] = (byte) (family.getAsInt() >> 8);
        } else if (to.isPresent()) {
            KernelSocket socket = context.fds().socket(fd);
            if ((flags & Calls.MSG_FASTOPEN) != 0) {
                context.startConnecting(fd, socket);
            }
            address = socket.sockaddr(to.get());
        }
        byte[] named = address;
        return Returned.of(Calls.call(name, () -> Libc.C.sendto(live, data, length, flags, named, named == null ? 0 : named.length)));
    }

    @Override public SocketCall withEndpoints(UnaryOperator<Endpoint> move) {
        return new Send(name, fd, nullBuffer, length, flags, to.map(move), family);
    }

    @Override public String toString() {
        String buffer = nullBuffer ? "NULL" : "...";
        return switch (name) {
            case "write" -> "write(" + fd + ", " + buffer + ", " + length + ")";
            case "send" -> "send(" + fd + ", " + buffer + ", " + length + ", " + Calls.msg(flags) + ")";
            default -> "sendto(" + fd + ", " + buffer + ", " + length + ", " + Calls.msg(flags) + ", "
                    + (family.isPresent() ? Integer.toString(family.getAsInt()) : to.map(Endpoint::toString).orElse("...")) + ")";
        };
    }
}

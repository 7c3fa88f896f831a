package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code poll([{fd=4, events=POLLIN, revents=POLLIN}], 1, TIMEOUT)}: each entry's returned
 * revents must be the script's (0 when it gives none), as packetdrill checks them. A timeout
 * other than 0 may block.
 */
public record Poll(List<Entry> entries, int timeoutMillis) implements SocketCall {
    /** One {@code struct pollfd}: int fd, short events, short revents. */
    public record Entry(int fd, int events, int revents) {
        static final int SIZE = 8;
    }

    public Poll {
        entries = List.copyOf(entries);
    }

    static SocketCall parse(Line line) throws NotationException {
        line.count(3);
        if (!(line.argument(0) instanceof Argument.Array array)) {
            throw Notation.badType(line.argument(0), "list");
        }
        List<Entry> entries = new ArrayList<>();
        for (Argument element : array.elements()) {
            Map<String, Argument> f = Notation.struct(element, "a pollfd {fd=N, events=..., revents=...}");
            Notation.only(f, "a pollfd", "fd", "events", "revents");
            Argument revents = f.get("revents");
            entries.add(new Entry(Notation.s32(Notation.field(f, "fd", "a pollfd")),
                    Notation.s32(Notation.field(f, "events", "a pollfd")), revents == null ? 0 : Notation.s32(revents)));
        }
        int nfds = line.s32(1);
        if (nfds != entries.size()) {
            throw new NotationException("nfds " + nfds + " does not match " + entries.size() + "-element pollfd array");
        }
        return new Poll(entries, line.s32(2));
    }

    @Override
    public int fd() {
        return entries.isEmpty() ? -1 : entries.get(0).fd();
    }

    @Override
    public String name() {
        return "poll";
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return timeoutMillis != 0;
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        ByteBuffer b = ByteBuffer.allocate(Math.max(1, Entry.SIZE * entries.size())).order(ByteOrder.nativeOrder());
        for (int i = 0; i < entries.size(); i++) {
            b.putInt(Entry.SIZE * i, context.fds().live(entries.get(i).fd()));
            b.putShort(Entry.SIZE * i + 4, (short) entries.get(i).events());
        }
        byte[] pollfds = b.array();
        long result = Calls.call("poll", () -> Libc.C.poll(pollfds, entries.size(), timeoutMillis));
        ByteBuffer returned = ByteBuffer.wrap(pollfds).order(ByteOrder.nativeOrder());
        for (int i = 0; i < entries.size(); i++) {
            int actual = Short.toUnsignedInt(returned.getShort(Entry.SIZE * i + 6));
            if (actual != entries.get(i).revents()) {
                return Returned.checked(result, "Expected revents of " + Symbols.bits("POLL", entries.get(i).revents())
                        + " but got " + Symbols.bits("POLL", actual) + " for pollfd " + i);
            }
        }
        return Returned.of(result);
    }

    @Override public String toString() {
        return "poll(" + entries.stream().map(e -> "{fd=" + e.fd() + ", events=" + Symbols.bits("POLL", e.events())
                + ", revents=" + Symbols.bits("POLL", e.revents()) + "}").toList() + ", " + entries.size() + ", "
                + timeoutMillis + ")";
    }
}

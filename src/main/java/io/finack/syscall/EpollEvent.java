package io.finack.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A {@code struct epoll_event} in packetdrill's notation, {@code {events=EPOLLIN, fd=4}} (or with
 * {@code ptr=}, {@code u32=}, {@code u64=} for the data), and its packed x86-64 layout: u32
 * events, u64 data. An {@code fd=} datum is the script's descriptor, passed as the live one.
 */
public record EpollEvent(long events, Kind kind, long data) {
    static final int SIZE = 12;

    /** Which member of epoll_data the script names. */
    public enum Kind { FD, PTR, U32, U64 }

    static EpollEvent parse(Argument a) throws NotationException {
        Map<String, Argument> f = Notation.struct(a, "an epoll_event {events=..., fd=N}");
        Notation.only(f, "an epoll_event", "events", "fd", "ptr", "u32", "u64");
        long events = Notation.s32(Notation.field(f, "events", "an epoll_event")) & 0xffff_ffffL;
        for (Kind kind : Kind.values()) {
            Argument data = f.get(kind.name().toLowerCase(java.util.Locale.ROOT));
            if (data != null) {
                if (f.size() != 2) {
                    throw new NotationException("epoll_event specified incorrectly");
                }
                return new EpollEvent(events, kind, Notation.integer(data));
            }
        }
        throw new NotationException("epoll_event specified incorrectly");
    }

    /** The event as the kernel takes it, with the live descriptor {@code liveFd} for an fd datum. */
    byte[] encode(long liveFd) {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder()).putInt((int) events)
                .putLong(kind == Kind.FD ? liveFd : data).array();
    }

    @Override public String toString() {
        return "{events=" + (events == 0 ? "0" : Symbols.bits("EPOLL", events)) + ", "
                + kind.name().toLowerCase(java.util.Locale.ROOT) + "=" + data + "}";
    }
}

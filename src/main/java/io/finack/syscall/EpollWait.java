package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code epoll_wait(5, {events=EPOLLOUT, fd=4}, MAXEVENTS, TIMEOUT) = 1}: the first returned
 * event must be the script's, events and data, as packetdrill compares it (with no event
 * returned, a zeroed one: {@code {events=0, ptr=0}}). A timeout other than 0 may block.
 */
public record EpollWait(int fd, EpollEvent expected, int maxEvents, int timeoutMillis) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(4);
        int maxEvents = line.s32(2);
        if (maxEvents < 1 || maxEvents > 1024) {
            throw new NotationException("epoll_wait's maxevents is 1 to 1024, not " + maxEvents);
        }
        return new EpollWait(line.fd(0), EpollEvent.parse(line.argument(1)), maxEvents, line.s32(3));
    }

    @Override
    public String name() {
        return "epoll_wait";
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return timeoutMillis != 0;
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        long expectedData = expected.data();
        if (expected.kind() == EpollEvent.Kind.FD) {
            expectedData = context.fds().live((int) expected.data());
        }
        byte[] events = new byte[EpollEvent.SIZE * maxEvents];
        int live = context.fds().live(fd);
        long result = Calls.call("epoll_wait", () -> Libc.C.epoll_wait(live, events, maxEvents, timeoutMillis));
        ByteBuffer b = ByteBuffer.wrap(events).order(ByteOrder.nativeOrder());
        long actualEvents = Integer.toUnsignedLong(b.getInt(0));
        if (actualEvents != expected.events()) {
            return Returned.checked(result, "epoll_event->events does not match script: expected: 0x"
                    + Long.toHexString(expected.events()) + " actual: 0x" + Long.toHexString(actualEvents));
        }
        long actualData = switch (expected.kind()) {
            case FD, U32 -> Integer.toUnsignedLong(b.getInt(4));
            default -> b.getLong(4);
        };
        long wanted = expected.kind() == EpollEvent.Kind.FD || expected.kind() == EpollEvent.Kind.U32
                ? expectedData & 0xffff_ffffL : expectedData;
        if (actualData != wanted) {
            return Returned.checked(result, "epoll_event->data does not match script: expected: " + wanted
                    + " actual: " + actualData);
        }
        return Returned.of(result);
    }

    @Override public String toString() { return "epoll_wait(" + fd + ", " + expected + ", " + maxEvents + ", " + timeoutMillis + ")"; }
}

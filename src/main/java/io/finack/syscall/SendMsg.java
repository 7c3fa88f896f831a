package io.finack.syscall;

import io.finack.kernel.KernelSocket;
import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;
import io.finack.tcp.Endpoint;

import java.util.function.UnaryOperator;

/**
 * {@code sendmsg(4, {msg_name(...)=..., msg_iov(2)=[{..., 10}, {..., 50}], msg_flags=0}, FLAGS)}:
 * the iovecs' zero bytes, to the harness's endpoint when the msghdr names one (with
 * MSG_FASTOPEN a connection, as sendto's). msg_flags must be 0: sendmsg ignores it.
 */
public record SendMsg(int fd, MsgHdr message, int flags, Endpoint to) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(3);
        MsgHdr message = MsgHdr.parse(line.argument(1));
        if (message.flags() != 0) {
            throw new NotationException("sendmsg ignores msg_flags field in msghdr");
        }
        return new SendMsg(line.fd(0), message, line.s32(2), line.harness());
    }

    @Override
    public String name() {
        return "sendmsg";
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return Calls.waits(fds, fd, flags, Calls.MSG_DONTWAIT);
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        KernelSocket socket = context.fds().socket(fd);
        if (message.named() && (flags & Calls.MSG_FASTOPEN) != 0) {
            context.startConnecting(fd, socket);
        }
        MsgHdr.Native msg = message.allocate(message.named() ? socket.sockaddr(to) : null);
        return Returned.of(Calls.call("sendmsg", () -> Libc.C.sendmsg(socket.fd(), msg.memory(), flags)));
    }

    @Override public SocketCall withEndpoints(UnaryOperator<Endpoint> move) { return new SendMsg(fd, message, flags, move.apply(to)); }
    @Override public String toString() { return "sendmsg(" + fd + ", " + message + ", " + Calls.msg(flags) + ")"; }
}

package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.util.Optional;

/**
 * {@code recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 0}], msg_flags=MSG_ERRQUEUE,
 * msg_control=[...]}, MSG_ERRQUEUE)}: receives into the iovecs and a control buffer as large
 * as the expected messages, then checks, as packetdrill does, the returned msg_flags and each
 * control message: a MSG_ZEROCOPY completion's or SO_TIMESTAMPING's sock_extended_err, an
 * scm_timestamping's time within the tolerance, a TCP_CM_INQ count.
 */
public record RecvMsg(int fd, MsgHdr message, int flags) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(3);
        return new RecvMsg(line.fd(0), MsgHdr.parse(line.argument(1)), line.s32(2));
    }

    @Override
    public String name() {
        return "recvmsg";
    }

    @Override
    public boolean mayBlock(FdTable fds) {
        return Calls.waits(fds, fd, flags, Calls.MSG_DONTWAIT | Calls.MSG_ERRQUEUE);
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int live = context.fds().live(fd);
        MsgHdr.Native msg = message.allocate(null);
        long result = Calls.call("recvmsg", () -> Libc.C.recvmsg(live, msg.memory(), flags));
        if (msg.flags() != message.flags()) {
            return Returned.checked(result, String.format("Expected msg_flags 0x%08X but got 0x%08X", message.flags(), msg.flags()));
        }
        Optional<String> control = ControlMessage.compare(message.control(), msg.control(),
                Math.min(msg.controlLength(), msg.controlCapacity()), context.time(), context.toleranceMicros());
        return new Returned(result, control);
    }

    @Override public String toString() { return "recvmsg(" + fd + ", " + message + ", " + Calls.msg(flags) + ")"; }
}

package io.finack.syscall;

import io.finack.kernel.Errno;
import io.finack.script.Action;
import io.finack.script.Parser;
import io.finack.script.ScriptParseException;
import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** packetdrill's argument notation: how a line is read, what the names are worth, which calls it makes. */
class NotationTest {
    private static final Endpoint KERNEL = Endpoint.of("127.0.0.1", 8080);
    private static final Endpoint HARNESS = Endpoint.of("127.0.0.1", 40000);

    private static Action.Syscall syscall(String line) throws ScriptParseException {
        return (Action.Syscall) Parser.parse("t", line + "\n").events().get(0).action();
    }

    private static SocketCall call(String line) throws ScriptParseException, NotationException {
        Action.Syscall s = syscall(line);
        return Syscalls.parse(new Line(s.name(), s.arguments(), s.result(), KERNEL, HARNESS, "192.0.2.1"::equals));
    }

    @Test
    void aMsghdrIsAStructWithCountedFieldsAndTuples() throws ScriptParseException {
        Action.Syscall s = syscall("""
                0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{...,0}], msg_flags=MSG_ERRQUEUE|0x20,
                              msg_control=[{cmsg_level=SOL_IP, cmsg_type=IP_RECVERR, cmsg_data={ee_errno=0}}]}, MSG_ERRQUEUE) = 0""");
        Argument.Struct msg = (Argument.Struct) s.arguments().get(1);
        assertEquals(new Argument.Sized(new Argument.Ellipsis(), new Argument.Ellipsis()), msg.fields().get("msg_name"));
        assertEquals(new Argument.Sized(new Argument.Number(1), new Argument.Array(List.of(
                new Argument.Tuple(List.of(new Argument.Ellipsis(), new Argument.Number(0)))))), msg.fields().get("msg_iov"));
        assertEquals(new Argument.Names(List.of("MSG_ERRQUEUE", "0x20")), msg.fields().get("msg_flags"));
        assertEquals("{msg_name(...)=..., msg_iov(1)=[{..., 0}], msg_flags=MSG_ERRQUEUE|0x20, msg_control=[{cmsg_level=SOL_IP, "
                + "cmsg_type=IP_RECVERR, cmsg_data={ee_errno=0}}]}", msg.toString());
    }

    @Test
    void namesAreLinuxValuesOredTogether() throws NotationException {
        assertEquals(0x802, Notation.integer(new Argument.Names(List.of("O_RDWR", "O_NONBLOCK"))));
        assertEquals(0x20002000, Notation.integer(new Argument.Names(List.of("MSG_FASTOPEN", "0x2000"))));
        assertEquals(0x90000004L, Notation.integer(new Argument.Names(List.of("EPOLLOUT", "EPOLLET", "EPOLLEXCLUSIVE"))));
        assertEquals(Errno.EAGAIN.number(), Notation.integer(new Argument.Names(List.of("EWOULDBLOCK"))));
        assertEquals(36, Notation.integer(new Argument.Names(List.of("TCP_CM_INQ"))));
        assertEquals(0x541B, Notation.integer(new Argument.Names(List.of("SIOCINQ"))));
        assertEquals(0x192, Notation.integer(new Argument.Names(List.of("SOF_TIMESTAMPING_TX_SCHED",
                "SOF_TIMESTAMPING_TX_SOFTWARE", "SOF_TIMESTAMPING_SOFTWARE", "SOF_TIMESTAMPING_OPT_ID"))));
        assertEquals("POLLIN|POLLOUT|POLLERR", Symbols.bits("POLL", 0xd));
        assertEquals("MSG_TRUNC|MSG_ERRQUEUE", Symbols.bits("MSG_", 0x2020));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 setsockopt(3, SOL_SOCKET, SO_NOPE, [1], 4) = 0                 | unknown symbol: 'SO_NOPE'
            0 setsockopt(3, SOL_SOCKET, SO_SNDBUF, [1, 2], 4) = 0            | Expected [<element>] but got multiple elements
            0 listen(3, 0x100000000) = 0                                     | Value out of range for 32-bit integer: 4294967296
            0 bind(3, ..., ..., ...) = 0                                     | Expected 3 args but got 4
            0 recv(3, ..., 10, ...) = 0                                      | Bad type; actual: ellipsis expected: integer
            0 open(3, O_RDONLY) = 5                                          | Bad type; actual: integer expected: string
            0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLIN, fd=4, u32=1}) = 0 | epoll_event specified incorrectly
            0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 1, 2}], msg_flags=0}, 0) = 1 | Bad type; actual: struct expected: iovec
            0 recvmsg(4, {msg_name(1)=..., msg_iov(1)=[{..., 1}], msg_flags=0}, 0) = 1 | msg_name is written msg_name(...)=...: finack supplies the address
            """)
    void wrongArgumentsAreRefusedInPacketdrillsWords(String line, String message) {
        assertEquals(message, assertThrows(NotationException.class, () -> call(line)).getMessage());
    }

    @Test
    void eachLineBecomesItsCall() throws Exception {
        assertEquals(new Send("sendto", 3, false, 1000, 0x20000000, Optional.of(HARNESS), OptionalInt.empty()),
                call("0 sendto(3, ..., 1000, MSG_FASTOPEN, ..., ...) = 1000"));
        assertEquals(new Send("send", 4, false, 10, 0x80, Optional.empty(), OptionalInt.empty()),
                call("0 send(4, ..., 10, MSG_EOR) = 10"));
        assertEquals(new Receive("recv", 4, true, 1000, 0), call("0 recv(4, NULL, 1000, 0) = -1 EFAULT (Bad address)"));
        assertEquals(new Poll(List.of(new Poll.Entry(4, 1, 0), new Poll.Entry(5, 4, 4)), 10),
                call("0 poll([{fd=4, events=POLLIN}, {fd=5, events=POLLOUT, revents=POLLOUT}], 2, 10) = 1"));
        assertEquals(new EpollWait(5, new EpollEvent(0, EpollEvent.Kind.PTR, 0), 1, 0),
                call("0 epoll_wait(5, {events=0, ptr=0}, 1, 0) = 0"));
        assertEquals(new Ioctl(4, 0x541B, "SIOCINQ", OptionalInt.of(1000)), call("0 ioctl(4, SIOCINQ, [1000]) = 0"));
        assertEquals(new Pipe(5, 6), call("0 pipe([5, 6]) = 0"));
        assertEquals(new SendFile(4, 5, 0, 5), call("0 sendfile(4, 5, [0], 5) = 5"));
        assertEquals(new Open(5, "/tmp/f", 0), call("0 open(\"/tmp/f\", O_RDONLY) = 5"));
        assertEquals(new EpollCreate(5, 1), call("0 epoll_create(1) = 5"));
        assertEquals(new RecvMsg(4, new MsgHdr(true, List.of(2000), 0, List.of(new ControlMessage(6, 36,
                new ControlMessage.IntData(8000)))), 0), call("0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 2000}], "
                + "msg_flags=0, msg_control=[{cmsg_level=SOL_TCP, cmsg_type=TCP_CM_INQ, cmsg_data=8000}]}, 0) = 2000"));
        assertEquals(new GetSockOpt(4, SetSockOpt.Option.named("SOL_SOCKET", "SO_SNDBUF"), new SetSockOpt.IntValue(42000), 4),
                call("0 getsockopt(4, SOL_SOCKET, SO_SNDBUF, [42000], [4]) = 0"));
        assertEquals(new SetSockOpt(3, SetSockOpt.Option.named("SOL_TCP", "TCP_FASTOPEN_KEY"), new SetSockOpt.Bytes("\\x01a"), 16),
                call("0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, \"\\x01a\", 16) = 0"));
        assertEquals(new SocketCall.Result(-1, Optional.empty()),
                syscall("0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, \"\", 3) = -1 (Invalid Argument)").result());
    }

    @Test
    void optionValuesAreTheBytesTheKernelTakes() {
        assertEquals("01000000", hex(new SetSockOpt.IntValue(1).bytes(1)), "IP_TOS [1], 1: the int, the kernel reads one byte");
        assertEquals("0100000005000000", hex(new SetSockOpt.Linger(1, 5).bytes(8)));
        assertEquals("f763bfa000", hex(new SetSockOpt.Bytes("\\xf7\\x63\\xbf\\xa0").bytes(4)), "a C string, NUL-terminated");
        assertEquals("410a5c00000000", hex(new SetSockOpt.Bytes("A\\n\\\\").bytes(7)), "padded to the length given");
    }

    @Test
    void controlMessagesAreLaidOutAsTheKernelWritesThem() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(48 + 24).order(java.nio.ByteOrder.nativeOrder());
        ControlMessage error = new ControlMessage(0, 11, new ControlMessage.ExtendedError(42, 4, 0, 0, 1, 1999));
        ControlMessage inq = new ControlMessage(6, 36, new ControlMessage.IntData(8000));
        error.encode(b, 0);
        inq.encode(b, error.space());
        assertEquals(48, error.length(), "CMSG_LEN(sizeof(sock_extended_err) + sizeof(sockaddr_in))");
        assertEquals(60, new ControlMessage(41, 25, new ControlMessage.ExtendedError(0, 5, 0, 1, 0, 0)).length(), "with a sockaddr_in6");
        assertEquals(20, inq.length());
        assertEquals("3000000000000000" + "00000000" + "0b000000" // cmsghdr: len 48, SOL_IP, IP_RECVERR
                + "2a000000" + "04000000" + "01000000" + "cf070000" // errno 42, origin 4, info 1, data 1999
                + "00000000000000000000000000000000" // the offender's sockaddr_in
                + "1400000000000000" + "06000000" + "24000000" + "401f0000" + "00000000", hex(b.array()));
        assertEquals(Optional.empty(), ControlMessage.compare(List.of(error, inq), b, b.capacity(), (s, o) -> s, 0));
        assertEquals(Optional.of("Bad info in extended err 0: expected=2 actual=1"), ControlMessage.compare(List.of(
                new ControlMessage(0, 11, new ControlMessage.ExtendedError(42, 4, 0, 0, 2, 1999)), inq), b, b.capacity(), (s, o) -> s, 0));
        assertEquals(Optional.of("Bad type in cmsg 0: expected=12 actual=11"),
                ControlMessage.compare(List.of(new ControlMessage(0, 12, new ControlMessage.IntData(1))), b, b.capacity(), (s, o) -> s, 0));
        assertEquals(Optional.of("received more than 1 cmsgs"), ControlMessage.compare(List.of(error), b, b.capacity(), (s, o) -> s, 0));
        assertEquals(Optional.of("received only 0 cmsgs"), ControlMessage.compare(List.of(error), b, 0, (s, o) -> s, 0));
    }

    @Test
    void aTimestampIsJudgedOnTheScriptsClockWithinTheTolerance() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64).order(java.nio.ByteOrder.nativeOrder());
        new ControlMessage(1, 37, new ControlMessage.Timestamping(1000, 20_000_000)).encode(b, 0);
        ControlMessage expected = new ControlMessage(1, 37, new ControlMessage.Timestamping(0, 10_000_000));
        CallContext.ScriptTime startedAt1000s = (script, observed) -> 1_000_010_000L + script;
        assertEquals(Optional.empty(), ControlMessage.compare(List.of(expected), b, 64, startedAt1000s, 0));
        assertEquals(Optional.of("Bad timestamp 0 in scm_timestamping 0: expected=1000000000 (10000) actual=1000020000 (30000) "
                + "start=999990000"), ControlMessage.compare(List.of(expected), b, 64, (script, observed) -> 999_990_000L + script, 19_999));
    }

    @Test
    void aMsghdrInNativeMemoryPointsAtItsOwnParts() {
        MsgHdr message = new MsgHdr(true, List.of(3, 5), 0, List.of(new ControlMessage(6, 36, new ControlMessage.IntData(7))));
        MsgHdr.Native msg = message.allocate(new byte[] {2, 0, 0x1f, (byte) 0x90});
        com.sun.jna.Memory m = msg.memory();
        long base = com.sun.jna.Pointer.nativeValue(m);
        int nameAt = MsgHdr.SIZE + 2 * 16;
        int controlAt = nameAt + 128;
        assertEquals(base + nameAt, com.sun.jna.Pointer.nativeValue(m.getPointer(0)), "msg_name");
        assertEquals(4, m.getInt(8), "msg_namelen: the sockaddr's");
        assertEquals(base + MsgHdr.SIZE, com.sun.jna.Pointer.nativeValue(m.getPointer(16)), "msg_iov right after the header");
        assertEquals(2, m.getLong(24), "msg_iovlen");
        assertEquals(base + controlAt, com.sun.jna.Pointer.nativeValue(m.getPointer(32)), "msg_control");
        assertEquals(24, m.getLong(40), "msg_controllen: CMSG_SPACE(4)");
        assertEquals(base + controlAt + 24, com.sun.jna.Pointer.nativeValue(m.getPointer(MsgHdr.SIZE)), "iov[0].iov_base");
        assertEquals(3, m.getLong(MsgHdr.SIZE + 8), "iov[0].iov_len");
        assertEquals(base + controlAt + 24 + 32, com.sun.jna.Pointer.nativeValue(m.getPointer(MsgHdr.SIZE + 16)),
                "iov[1].iov_base: apart from iov[0]'s bytes, as C's separate buffers are");
        assertEquals(0x901f0002, m.getInt(nameAt));
        assertEquals(20, m.getLong(controlAt), "the control message's cmsg_len");
        assertEquals(8, message.totalLength());
    }

    @Test
    void anEpollEventIsPacked() {
        assertEquals("05000080" + "0700000000000000", hex(new EpollEvent(0x80000005L, EpollEvent.Kind.FD, 4).encode(7)),
                "u32 events, then the live descriptor as the u64 datum, no padding");
        assertEquals("01000000" + "2a00000000000000", hex(new EpollEvent(1, EpollEvent.Kind.U64, 42).encode(7)));
    }

    @Test
    void theTableNamesEveryCallItRuns() {
        assertEquals(List.of("accept", "bind", "close", "connect", "epoll_create", "epoll_ctl", "epoll_wait", "fcntl",
                "getsockopt", "ioctl", "listen", "open", "pipe", "poll", "read", "recv", "recvfrom", "recvmsg", "send",
                "sendfile", "sendmsg", "sendto", "setsockopt", "shutdown", "socket", "splice", "write"),
                List.copyOf(Syscalls.names()));
        assertEquals("system call 'select' is not supported by finack (supported: " + String.join(", ", Syscalls.names()) + ")",
                assertThrows(NotationException.class, () -> Syscalls.parse(new Line("select", List.of(), SocketCall.Result.of(0),
                        KERNEL, HARNESS, a -> false))).getMessage());
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b));
        }
        return s.toString();
    }
}

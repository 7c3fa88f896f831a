package io.finack.script;

import io.finack.experiment.Plan;
import io.finack.experiment.SegmentPattern;
import io.finack.experiment.SegmentTemplate;
import io.finack.experiment.Step;
import io.finack.experiment.Tolerance;
import io.finack.kernel.Errno;
import io.finack.syscall.Bind;
import io.finack.syscall.Connect;
import io.finack.syscall.GetSockOpt;
import io.finack.syscall.Listen;
import io.finack.syscall.SetSockOpt;
import io.finack.syscall.Socket;
import io.finack.syscall.SocketCall;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TranslatorTest {
    private static Plan plan(String text, Endpoint.Family family, Translator.Overrides overrides) throws ScriptParseException {
        return Translator.plan(Parser.parse("t", text), family, overrides, Path.of("/tmp"));
    }

    @Test
    void aListeningScriptPutsTheKernelOn8080AndMapsEveryLine() throws ScriptParseException {
        Plan p = plan("""
                --tolerance_usecs=10000
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 bind(3, ..., ...) = 0
                +0 listen(3, 1) = 0
                +0 < S 0:0(0) win 1000 <mss 1460>
                +0 > S. 0:0(0) ack 1 <...>
                `true`
                """, Endpoint.Family.IPV6, Translator.Overrides.NONE);
        assertEquals(Endpoint.of("::1", 8080), p.kernel());
        assertEquals(Endpoint.of("::1", 40000), p.harness());
        assertEquals(List.of(
                new Step.Call(new Socket(3), Optional.of(SocketCall.Result.of(3))),
                new Step.Call(new Bind(3, Endpoint.of("::1", 8080)), Optional.of(SocketCall.Result.of(0))),
                new Step.Call(new Listen(3, 1), Optional.of(SocketCall.Result.of(0))),
                new Step.Inject(new SegmentTemplate(Flags.SYN_ONLY, 0, 0, 1000, List.of(new TcpOption.Mss(1460)), 0)),
                new Step.Expect("SYN/ACK", SegmentPattern.of(Flags.SYN_ACK).seq(0).ack(1).aggregating(true),
                        Duration.ofSeconds(10)),
                new Step.Shell("true", Path.of("/tmp"))), p.steps(), "a script's segments aggregate, as packetdrill's do");
        assertEquals(List.of("t.pkt:2", "t.pkt:3", "t.pkt:4", "t.pkt:5", "t.pkt:6", "t.pkt:7"),
                p.timeline().orElseThrow().sources());
        assertEquals(new Tolerance(10_000, 12.5), p.timeline().orElseThrow().tolerance());
        assertEquals(Optional.of(new Plan.Link(1520)), p.lo(), "1500 plus the IPv6 header's extra 20 bytes");
    }

    @Test
    void aConnectingScriptPutsTheKernelOn40000AndTheCommandLineWins() throws ScriptParseException {
        Plan p = plan("""
                --mtu=9000
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
                +0 setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0
                +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
                +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0
                """, Endpoint.Family.IPV4, new Translator.Overrides(OptionalLong.of(1), OptionalDouble.of(0), OptionalInt.empty()));
        assertEquals(Endpoint.of("127.0.0.1", 40000), p.kernel());
        assertEquals(List.of(new Socket(3), new SetSockOpt(3, SetSockOpt.Option.named("SOL_SOCKET", "SO_LINGER"),
                        new SetSockOpt.Linger(1, 0), 8), SetSockOpt.integer(3, "SOL_TCP", "TCP_NODELAY", 1),
                new Connect(3, Endpoint.of("127.0.0.1", 8080)), new GetSockOpt(3, SetSockOpt.Option.named("SOL_SOCKET", "SO_ERROR"),
                        new SetSockOpt.IntValue(111), 4)),
                p.steps().stream().map(s -> ((Step.Call) s).call()).toList());
        assertEquals(Optional.of(SocketCall.Result.failed(Errno.EINPROGRESS)), ((Step.Call) p.steps().get(3)).expected());
        assertEquals(new Tolerance(1, 0), p.timeline().orElseThrow().tolerance());
        assertEquals(Optional.of(new Plan.Link(9000)), p.lo());
    }

    @Test
    void packetdrillsOwnAddressesMapOntoFinacksEndpoints() throws ScriptParseException {
        Plan p = plan("""
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("192.168.0.1")}, 16) = 0
                +0 connect(3, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_addr=inet_pton(AF_INET6, "fd3d:fa7b:d17d::1")}, 28) = -1 EINPROGRESS
                """, Endpoint.Family.IPV4, Translator.Overrides.NONE);
        assertEquals(List.of(new Socket(3), new Bind(3, Endpoint.of("127.0.0.1", 40000)),
                new Connect(3, Endpoint.of("127.0.0.1", 8080))),
                p.steps().stream().map(s -> ((Step.Call) s).call()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            0 setsockopt(3, SOL_SOCKET, SO_BOGUS, [1], 4) = 0      # 1:1: unknown symbol: 'SO_BOGUS'
            0 setsockopt(3, SOL_SOCKET, SO_SNDBUF, 1, 4) = 0        # 1:1: unsupported setsockopt value type: 1
            0 bind(3, 127.0.0.1, 8080) = 0                         # 1:11: 127.0 is not an argument finack takes (an address? finack supplies them: write ...)
            0 bind(3, "x", ...) = 0                                # 1:1: finack supplies the addresses: write ... (or packetdrill's own addresses), not "x"
            0 connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("10.0.0.1")}, 16) = 0 # 1:1: finack supplies the addresses: write ... (or packetdrill's own addresses), not {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("10.0.0.1")}
            0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3             # 1:1: socket type SOCK_DGRAM is not supported by finack: TCP only (SOCK_STREAM)
            0 close(3, 4) = 0                                      # 1:1: Expected 1 args but got 2
            0 fcntl(3) = 0                                         # 1:1: fcntl expected 2-3 args but got 1
            0 shutdown(3, SHUT_SOME) = 0                           # 1:1: unknown symbol: 'SHUT_SOME'
            0 write(3, "abc", 3) = 3                               # 1:1: Expected ... or NULL for buffer
            0 recvfrom(3, ..., 10, 0, 16, ...) = 3                 # 1:1: Bad type; actual: integer expected: ellipsis
            0 getsockopt(3, SOL_TCP, TCP_INFO, [0], [8]) = 0       # 1:1: Unsupported getsockopt optlen: 8
            0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0, 1], [4]) = 0 # 1:1: Expected [<element>] but got multiple elements
            0 poll([{fd=3, events=POLLIN}], 2, 0) = 0              # 1:1: nfds 2 does not match 1-element pollfd array
            0 poll([{fd=3, events=POLLIN, when=1}], 1, 0) = 0      # 1:1: a pollfd has no field when finack knows (known: fd, events, revents)
            0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLIN, fd=3}) = 0 # 1:1: wrong fd specified in epoll_event
            0 epoll_wait(5, {events=EPOLLIN}, 1, 0) = 0            # 1:1: epoll_event specified incorrectly
            0 pipe([5]) = 0                                        # 1:1: 1 pipe file descriptors instead of 2
            0 splice(4, 8, 6, NULL, 1, 0) = 1                      # 1:1: splice's offsets are NULL for finack (a socket or a pipe has none)
            0 sendmsg(4, {msg_name(...)=..., msg_iov(2)=[{..., 1}], msg_flags=0}, 0) = 1 # 1:1: msg_iovlen 2 does not match 1-element iovec array
            0 sendmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 1}], msg_flags=MSG_EOR}, 0) = 1 # 1:1: sendmsg ignores msg_flags field in msghdr
            0 recvmsg(4, {msg_iov(1)=[{..., 1}], msg_flags=0, msg_control=[{cmsg_level=SOL_SOCKET, cmsg_type=1, cmsg_data={a=1}}]}, 0) = 1 # 1:1: cmsg_data {a=1} is not supported by finack (an int, a sock_extended_err {ee_errno=..., ...} or a scm_timestamping {scm_sec=..., scm_nsec=...}; TCP_NLA_* statistics are not)
            0 recvmsg(4, {msg_iov(1)=[{..., 1}], msg_flags=0, msg_control=[{cmsg_level=SOL_IP, cmsg_type=IP_RECVERR, cmsg_data={ee_errno=0, ee_origin=300, ee_type=0, ee_code=0, ee_info=0, ee_data=0}}]}, 0) = 1 # 1:1: Value out of range for 8-bit integer: 300
            0 cap_set(1, 2, 3) = 0                                 # 1:3: system call 'cap_set' is not supported by finack (supported: accept, bind, close, connect, epoll_create, epoll_ctl, epoll_wait, fcntl, getsockopt, ioctl, listen, open, pipe, poll, read, recv, recvfrom, recvmsg, send, sendfile, sendmsg, sendto, setsockopt, shutdown, socket, splice, write)
            +1 < S 0:0(0) <...>                                    # 1:1: <...> matches a kernel segment's options; an injected segment needs them spelled out
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 2000         # 1:1: socket returns a file descriptor (0 to 1023), not 2000
            --mtu=100                                              # 1:1: bad --mtu: 100 (a whole number from 1280 to 65516)
            --local_ip=192.168.0.1                                 # 1:1: option --local_ip acts on packetdrill's tun0: run the script with finack packetdrill (finack run FILE.pkt runs it on lo, in --family's family)
            --mss=1000                                             # 1:1: option --mss acts on packetdrill's tun0: run the script with finack packetdrill (finack run FILE.pkt runs it on lo, in --family's family)
            """)
    void linesFinackCannotRunAreRefusedAtTheirLine(String script, String message) {
        assertEquals(message, assertThrows(ScriptParseException.class,
                () -> plan(script, Endpoint.Family.IPV4, Translator.Overrides.NONE)).getMessage());
    }
}

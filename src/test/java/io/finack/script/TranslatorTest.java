package io.finack.script;

import io.finack.experiment.Plan;
import io.finack.experiment.SegmentPattern;
import io.finack.experiment.SegmentTemplate;
import io.finack.experiment.SocketCall;
import io.finack.experiment.Step;
import io.finack.experiment.Tolerance;
import io.finack.kernel.Errno;
import io.finack.kernel.IntOption;
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
                new Step.Call(new SocketCall.Open(3), Optional.of(SocketCall.Result.of(3))),
                new Step.Call(new SocketCall.Bind(3, Endpoint.of("::1", 8080)), Optional.of(SocketCall.Result.of(0))),
                new Step.Call(new SocketCall.Listen(3, 1), Optional.of(SocketCall.Result.of(0))),
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
        assertEquals(List.of(new SocketCall.Open(3), new SocketCall.Linger(3, 0), new SocketCall.SetOption(3, IntOption.TCP_NODELAY, 1),
                new SocketCall.Connect(3, Endpoint.of("127.0.0.1", 8080)), new SocketCall.PendingError(3, 111)),
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
        assertEquals(List.of(new SocketCall.Open(3), new SocketCall.Bind(3, Endpoint.of("127.0.0.1", 40000)),
                new SocketCall.Connect(3, Endpoint.of("127.0.0.1", 8080))),
                p.steps().stream().map(s -> ((Step.Call) s).call()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            0 setsockopt(3, SOL_SOCKET, SO_PRIORITY, [1], 4) = 0   # 1:1: setsockopt SOL_SOCKET SO_PRIORITY is not supported by finack (supported: SO_LINGER, SO_REUSEADDR, SO_KEEPALIVE, SO_SNDBUF, SO_RCVBUF, TCP_NODELAY, TCP_MAXSEG, TCP_CORK)
            0 setsockopt(3, IPPROTO_TCP, SO_RCVBUF, [1], 4) = 0   # 1:1: setsockopt IPPROTO_TCP SO_RCVBUF is not supported by finack (supported: SO_LINGER, SO_REUSEADDR, SO_KEEPALIVE, SO_SNDBUF, SO_RCVBUF, TCP_NODELAY, TCP_MAXSEG, TCP_CORK)
            0 bind(3, 127.0.0.1, 8080) = 0                         # 1:11: 127.0 is not an argument finack takes (an address? finack supplies them: write ...)
            0 bind(3, "x", ...) = 0                                # 1:1: finack supplies the addresses: write ... (or packetdrill's own addresses), not "x"
            0 connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("10.0.0.1")}, 16) = 0 # 1:1: finack supplies the addresses: write ... (or packetdrill's own addresses), not {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("10.0.0.1")}
            0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3             # 1:1: expected SOCK_STREAM, not SOCK_DGRAM
            0 close(3, 4) = 0                                      # 1:1: close takes 1 arguments, not 2
            0 fcntl(3, F_SETFD, FD_CLOEXEC) = 0                    # 1:1: fcntl is supported as fcntl(FD, F_SETFL, O_RDWR|O_NONBLOCK) and fcntl(FD, F_GETFL)
            0 shutdown(3, SHUT_SOME) = 0                           # 1:1: shutdown takes SHUT_RD, SHUT_WR or SHUT_RDWR, not SHUT_SOME
            +1 < S 0:0(0) <...>                                    # 1:1: <...> matches a kernel segment's options; an injected segment needs them spelled out
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 2000         # 1:1: socket returns a file descriptor (0 to 1023), not 2000
            0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=0, linger=0}, 8) = 0 # 1:1: SO_LINGER can only be turned on (onoff=1) by finack
            --mtu=100                                              # 1:1: bad --mtu: 100 (a whole number from 1280 to 65516)
            --local_ip=192.168.0.1                                 # 1:1: option --local_ip acts on packetdrill's tun0: run the script with finack packetdrill (finack run FILE.pkt runs it on lo, in --family's family)
            """)
    void linesFinackCannotRunAreRefusedAtTheirLine(String script, String message) {
        assertEquals(message, assertThrows(ScriptParseException.class,
                () -> plan(script, Endpoint.Family.IPV4, Translator.Overrides.NONE)).getMessage());
    }
}

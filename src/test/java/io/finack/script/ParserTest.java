package io.finack.script;

import io.finack.syscall.Argument;
import io.finack.syscall.SocketCall;
import io.finack.experiment.TimePoint;
import io.finack.experiment.Timing;
import io.finack.analysis.ReconnectReply;
import io.finack.analysis.Verdict;
import io.finack.experiment.Expectation;
import io.finack.kernel.Errno;
import io.finack.tcp.Flags;
import io.finack.tcp.TcpOption;
import io.finack.tcp.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParserTest {
    private static Script parse(String text) throws ScriptParseException {
        return Parser.parse("test", text);
    }

    private static Event only(String text) throws ScriptParseException {
        List<Event> events = parse(text).events();
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }

    @Test
    void anInboundSynWithOptions() throws ScriptParseException {
        Event e = only("0.100 < S 0:0(0) win 32792 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>");
        assertEquals(new Timing.At(new TimePoint(false, 100_000)), e.timing());
        assertEquals(new Action.Packet(Action.Direction.INBOUND, Flags.SYN_ONLY, false, 0, 0, 0, OptionalLong.empty(),
                OptionalInt.of(32792), Optional.of(List.of(new TcpOption.Mss(1460), new TcpOption.SackPermitted(),
                new TcpOption.Timestamps(100, 0), new TcpOption.Nop(), new TcpOption.WindowScale(7))), Optional.empty()), e.action());
    }

    @Test
    void outboundPacketsWithAnyOptionsNoOptionsAndData() throws ScriptParseException {
        Script s = parse("+0 > S. 0:0(0) ack 1 <...>\n+.2 > P. 1:1001(1000) ack 1\n* > . 1:1(0) ack -5\n"
                + "+0.002~+0.020 > F. 1001:1001(0) ack 1 win 257\n+0 > S. *:*(0) ack 7 <...>\n");
        assertEquals(List.of(
                "+0 > S. 0:0(0) ack 1 <...>",
                "+0.2 > P. 1:1001(1000) ack 1",
                "* > . 1:1(0) ack -5",
                "+0.002~+0.02 > F. 1001:1001(0) ack 1 win 257",
                "+0 > S. *:*(0) ack 7 <...>"), s.events().stream().map(Event::toString).toList());
        assertEquals(Optional.empty(), ((Action.Packet) s.events().get(0).action()).options());
        assertEquals(Optional.of(List.of()), ((Action.Packet) s.events().get(1).action()).options());
        assertEquals(List.of(1, 2, 3, 4, 5), s.events().stream().map(Event::line).toList());
    }

    @Test
    void noFlagsAndAnUrgentPointer() throws ScriptParseException {
        Action.Packet none = (Action.Packet) Parser.parse("t", "0 < - 1:11(10) win 100\n").events().get(0).action();
        assertEquals(new Flags(0), none.flags());
        assertEquals("< - 1:11(10) win 100", none.toString());
        Action.Packet urgent = (Action.Packet) Parser.parse("t", "0 > UP. 1:11(10) ack 11 urg 10\n").events().get(0).action();
        assertEquals(10, urgent.urgentPointer());
        assertEquals("> PU. 1:11(10) ack 11 urg 10", urgent.toString());
    }

    @Test
    void systemCallsWithTheirResults() throws ScriptParseException {
        Script s = parse("""
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0
                +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
                +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
                +0 setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0
                """);
        Action.Syscall connect = (Action.Syscall) s.events().get(3).action();
        assertEquals(new SocketCall.Result(-1, Optional.of(Errno.EINPROGRESS)), connect.result());
        Action.Syscall linger = (Action.Syscall) s.events().get(1).action();
        assertEquals(new Argument.Struct(Map.of("onoff", new Argument.Number(1), "linger", new Argument.Number(0))),
                linger.arguments().get(3));
        assertEquals(new Argument.Names(List.of("O_RDWR", "O_NONBLOCK")),
                ((Action.Syscall) s.events().get(2).action()).arguments().get(2));
        assertEquals("setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0", s.events().get(4).action().toString());
    }

    /** As packetdrill: spaces and tabs go from both ends of the code, line breaks stay; the code starts on the %{ line. */
    @Test
    void pythonBlocksAreEventsWithTheirCodeAndFirstLine() throws ScriptParseException {
        Script s = parse("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                + "+.005 %{ \t assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd  }%\n"
                + "+0 %{\nassert tcpi_state == TCP_ESTABLISHED\n\n# {a} } %\n}%\n+0 close(3) = 0\n");
        assertEquals(4, s.events().size());
        assertEquals(new Action.Python("assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd", 2), s.events().get(1).action());
        assertEquals(new Timing.At(new TimePoint(true, 5_000)), s.events().get(1).timing());
        assertEquals(new Action.Python("\nassert tcpi_state == TCP_ESTABLISHED\n\n# {a} } %\n", 3), s.events().get(2).action());
        assertEquals(3, s.events().get(2).line());
        assertEquals(8, s.events().get(3).line());
    }

    @Test
    void settingsCommandsAndExtensions() throws ScriptParseException {
        Script s = parse("--tolerance_usecs=10000\n--mtu=1500\n`sysctl -q net.ipv4.tcp_rfc1337=1`\n"
                + "+0 @state FIN_WAIT2\n+0 @state none\n+0 @verdict FAST_RETRY // the fix\n");
        assertEquals(List.of(new Script.Setting("tolerance_usecs", "10000", 1), new Script.Setting("mtu", "1500", 2)),
                s.settings());
        // An untimed backtick line before the first event is packetdrill's init command.
        assertEquals(List.of(new Action.Shell("sysctl -q net.ipv4.tcp_rfc1337=1", true),
                new Action.State(Optional.of(TcpState.FIN_WAIT2)), new Action.State(Optional.empty()),
                new Action.PathVerdict(Verdict.FAST_RETRY)), s.events().stream().map(Event::action).toList());
    }

    @Test
    void aCloseOrderHeaderObservationsAndSegmentNotes() throws ScriptParseException {
        Script s = parse("""
                // judged at the end
                @expect states FIN_WAIT2 none
                @expect reconnect STALE_ACK
                --tolerance_usecs=10000
                0 < S 2147483648:2147483648(0) win 65535
                +0 > . 2:2(0) ack 1 <...>   // stale ACK
                +0 @observe
                +0 < R 1:1(0) win 65535   // not a kernel segment: a comment
                +0 @observe // read, not checked
                """);
        assertEquals(Optional.of(new Expectation.CloseOrder(List.of(Optional.of(TcpState.FIN_WAIT2), Optional.empty()),
                ReconnectReply.Kind.STALE_ACK)), s.closeOrder());
        assertEquals(List.of(new Script.Setting("tolerance_usecs", "10000", 4)), s.settings());
        Action.Packet staleAck = (Action.Packet) s.events().get(1).action();
        assertEquals(Optional.of("stale ACK"), staleAck.note());
        assertEquals("> . 2:2(0) ack 1 <...>   // stale ACK", staleAck.toString());
        assertEquals(new Action.Observe(), s.events().get(2).action());
        assertEquals("@observe", s.events().get(4).action().toString());
        assertEquals(Optional.empty(), parse("0 close(3) = 0\n").closeOrder(), "no header, no close order");
    }

    /** Every malformed line, with the exact place and message a user sees. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 < S 0:0(0)\\n+0 > S. 0:0(0) ack 1 <mss 1460                   | 2:31: expected ',' or '>' in the options list, not the end of the line
            0 < X 0:0(0)                                                   | 1:5: unknown TCP flag 'X' in "X" (flags are letters of SFRPUEWA and '.' for ACK)
            0 < S 0:1(0)                                                   | 1:7: sequence range 0:1 spans 1 bytes but the length says 0
            0 < S 0 0(0)                                                   | 1:9: expected ':' between start and end sequence numbers, not '0'
            0 < . 1:1(0) ack                                               | 1:17: expected the ack number, not the end of the line
            0 < S 0:0(0) ack 1                                             | 1:5: an ack number needs the ACK flag ('.'): S
            0 < . 1:1(0) win 70000                                         | 1:18: window 70000 does not fit 16 bits
            0 < U. 1:1(0) ack 1 urg 70000                                  | 1:25: urg_ptr value out of range: 70000 (0 to 65535)
            0 < S 0:0(0) <uto 1>                                           | 1:15: TCP option 'uto' is not supported by finack (supported: nop, eol, mss, wscale, sackOK, sack, TS, FO, FOEXP, md5)
            0 < udp (1000)                                                 | 1:5: udp packets are not supported: finack speaks TCP only
            0 < [ect01] S 0:0(0)                                           | 1:6: [ect01] can only be used with outbound packets
            0 select(4, ...) = 1                                           | 1:3: system call 'select' is not supported by finack (supported: accept, bind, close, connect, epoll_create, epoll_ctl, epoll_wait, fcntl, getsockopt, ioctl, listen, open, pipe, poll, read, recv, recvfrom, recvmsg, send, sendfile, sendmsg, sendto, setsockopt, shutdown, socket, splice, write)
            0 close(3) = -2                                                | 1:14: a system call returns -1 or a value >= 0, not -2
            0 close(3) = -1 ENOPE                                          | 1:17: unknown errno 'ENOPE'
            0 close(3) = 0 EBADF                                           | 1:14: a call that fails with EBADF returns -1, not 0
            0 close(3)                                                     | 1:11: expected '= RESULT' after close(...), not the end of the line
            0 close(3 = 0                                                  | 1:11: expected ',' or ')' in the arguments of close, not '='
            close(3) = 0                                                   | 1:1: an event starts with its time (0.100, +0.010, * or a~b), not 'close'
            +x close(3) = 0                                                | 1:2: expected a time in seconds, not 'x'
            0.0000001 close(3) = 0                                         | 1:1: time 0.0000001 is finer than a microsecond
            0...1 < S 0:0(0) win 1                                         | 1:1: a start...end time is for a system call, which returns at the end
            0 close(3) = 0 extra                                           | 1:16: unknown errno 'extra'
            0 < S 0:0(0) garbage                                           | 1:14: expected ack N, win N or <options> in a packet line, not 'garbage'
            0 @state SLEEPY                                                | 1:10: unknown TCP state 'SLEEPY' (one of [ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING, NEW_SYN_RECV] or none)
            0 @verdict MAYBE                                               | 1:12: unknown verdict 'MAYBE' (one of [FAST_RETRY, RTO_RETRY, NO_STALE_ACK, NO_RST, NO_RETRY])
            0 @sleep 1                                                     | 1:4: unknown finack extension @sleep (known: @state, @observe, @verdict; header lines: @expect)
            @expect states                                                 | 1:15: @expect states needs the states its @observe lines must read, in order
            @expect reconnect MAYBE                                        | 1:19: unknown reconnect answer 'MAYBE' (one of [SYN_ACK, STALE_ACK, RST, OTHER, NONE, RATE_LIMITED])
            @expect states FIN_WAIT9                                       | 1:16: unknown TCP state 'FIN_WAIT9' (one of [ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING, NEW_SYN_RECV] or none)
            @expect verdict FAST_RETRY                                     | 1:9: unknown @expect 'verdict' (known: states, reconnect)
            @state FIN_WAIT2                                               | 1:2: @state is an event: it needs its time (+0 @state ...); header lines are @expect states ... and @expect reconnect ...
            @expect reconnect RST\\n@expect reconnect NONE                 | 2:9: @expect reconnect is declared twice (first on line 1)
            0 close(3) = 0\\n@expect reconnect NONE                        | 2:1: a line starting with @ is an @expect header, which must come before the first event; an extension event needs its time (+0 @state ...)
            @expect reconnect NONE\\n0 @observe                            | 1:9: @expect reconnect needs an @expect states line too
            @expect states none\\n0 @observe                               | 1:9: @expect states needs an @expect reconnect line too
            @expect states none\\n@expect reconnect NONE\\n0 @observe\\n0 @observe | 1:9: @expect states names 1 states but the script has 2 @observe lines
            @expect states none\\n@expect reconnect NONE\\n0 @observe\\n0 @verdict NO_RETRY | 4:1: a script with @expect header lines is judged on them at the end; it has no @verdict line
            0 close(3) = 0\\n0 @observe                                    | 2:1: @observe reads a state for an @expect states header line, and the script has none
            0 ~ close(3) = 0                                               | 1:5: expected a time in seconds, not 'close'
            --speed=1000                                                   | 1:1: option --speed is not supported by finack: the link speed is tun's, and finack's tun0 is a veth pair
            --mss=0                                                        | 1:1: bad --mss: 0 (a whole number from 1 to 65535)
            --tolerance_usecs=lots                                         | 1:1: bad --tolerance_usecs: lots (a whole number from 0 to 1000000000)
            --no_such_option                                               | 1:1: unknown option --no_such_option (packetdrill's options: --ip_version, --local_ip, --remote_ip, --gateway_ip, --netmask_ip, --bind_port, --connect_port, --mtu, --tolerance_usecs, --tolerance_percent, --tcp_ts_tick_usecs, --tcp_ts_ecr_scaled, --strict_segments, --send_omit_free, --dry_run, --verbose, --define, --init_scripts, --mss, --speed, --non_fatal, --code_command, --code_format, --code_sockopt, --wire_client, --wire_server, --wire_server_ip, --wire_server_at, --wire_server_port, --wire_client_dev, --wire_server_dev, --so_filename, --so_flags, --is_anyip, --psp_udp_port, --debug)
            --strict_segments=1                                            | 1:1: option --strict_segments takes no value
            --define=X=1                                                   | 1:1: option --define has no effect in a script under packetdrill (the script is read before its options apply); give -D NAME=VALUE on the command line
            0 close(3) = 0\\n--mtu=1500                                    | 2:1: option --mtu must come before the first event
            0 close(3) = 0\\n\\n%{ print(1) }%                             | 3:1: a python block is an event: it needs its time (+0 %{ ... }%)
            0 close(3) = 0 %{ print(1) }%                                  | 1:16: expected the end of the line after the event, not a python block
            0 < S *:*(0)                                                   | 1:7: an injected segment needs its sequence numbers; '*' only matches
            0 > S *:1(0)                                                   | 1:9: expected '*' on both sides of ':' (*:*(LENGTH)), not '1'
            0 < S 0:0(0) <mss 70000>                                       | 1:19: 70000 is more than 65535
            0 < . 1:1(0) ack 4294967296                                    | 1:18: the ack number 4294967296 does not fit 32 bits
            0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, onoff=0}, 8) = 0 | 1:50: field onoff is given twice
            """)
    void malformedLinesFailAtTheirLineAndColumn(String script, String message) {
        ScriptParseException e = assertThrows(ScriptParseException.class,
                () -> parse(script.replace("\\n", "\n")));
        assertEquals(message, e.getMessage());
    }
}

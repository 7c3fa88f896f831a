package io.finack.script;

import io.finack.experiment.SegmentPattern;
import io.finack.experiment.SegmentTemplate;
import io.finack.experiment.Step;
import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * packetdrill's numbering of the peer's side, as the translation applies it (checked with the
 * real packetdrill's -v output on the same lines): what each injected segment's seq and ack
 * become, and the origins each kernel segment's pattern counts from.
 */
class ScriptSocketsTest {
    private static List<Step> steps(String text) throws ScriptParseException {
        return Translator.plan(Parser.parse("t", text), Endpoint.Family.IPV4, Translator.Overrides.NONE, Path.of("/tmp"))
                .steps();
    }

    private static List<SegmentTemplate> injected(List<Step> steps) {
        return steps.stream().filter(Step.Inject.class::isInstance).map(s -> ((Step.Inject) s).segment()).toList();
    }

    private static List<SegmentPattern> expected(List<Step> steps) {
        return steps.stream().filter(Step.Expect.class::isInstance).map(s -> ((Step.Expect) s).pattern()).toList();
    }

    private static final String LISTEN = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            """;

    private static final String CONNECT = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            """;

    @Test
    void aListenersPeerCountsFromTheSeqOfItsFirstSyn() throws ScriptParseException {
        List<Step> steps = steps(LISTEN + """
                +0 < S 100:100(0) win 1000 <mss 1460>
                +0 > S. 5000:5000(0) ack 101 <...>
                +0 < . 1:1(0) ack 1 win 1000
                +0 < . 101:101(0) ack 1 win 1000
                +0 > . 1:1(0) ack 11 <...>
                """);
        // packetdrill -v: S 100:100, then . 101:101 for "1:1" and . 201:201 for "101:101".
        assertEquals(List.of(100L, 101L, 201L), injected(steps).stream().map(SegmentTemplate::seq).toList());
        List<SegmentPattern> kernel = expected(steps);
        assertEquals(List.of(5000L, 0L), List.of(kernel.get(0).synSeqOrigin(), kernel.get(0).ackOrigin()),
                "the kernel's SYN/ACK carries the script's ISN for it; its ack is the wire's, as the SYN's seq is");
        assertEquals(List.of(0L, 100L), List.of(kernel.get(1).synSeqOrigin(), kernel.get(1).ackOrigin()));
    }

    @Test
    void aConnectsPeerCountsFromTheSynAckThatAnswersTheScriptedSyn() throws ScriptParseException {
        List<Step> steps = steps(CONNECT + """
                +0 > S 0:0(0) <...>
                +0 < S. 123:123(0) ack 1 win 1000 <mss 1460>
                +0 > . 1:1(0) ack 1
                +0 < P. 1:11(10) ack 1 win 1000
                +0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4
                +0 < . 1:1(0) ack 1 win 1000
                +0 connect(4, ..., ...) = -1 EINPROGRESS (Operation now in progress)
                +0 > S 0:0(0) <...>
                +0 < S. 5678:5678(0) ack 1 win 1000 <mss 1460>
                +0 < P. 1:11(10) ack 1 win 1000
                +0 > . 1:1(0) ack 11
                """);
        // A new socket counts from 0 until its own SYN/ACK.
        assertEquals(List.of(123L, 124L, 1L, 5678L, 5679L), injected(steps).stream().map(SegmentTemplate::seq).toList());
        assertEquals(List.of(0L, 123L, 0L, 5678L), expected(steps).stream().map(SegmentPattern::ackOrigin).toList());
    }

    @Test
    void aSynAckWithoutAScriptedSynTeachesNothing() throws ScriptParseException {
        // packetdrill learns the peer's ISN only in SYN_SENT, which a scripted "> S" line enters.
        List<Step> steps = steps(CONNECT + """
                +0 < S. 123:123(0) ack 1 win 1000 <mss 1460>
                +0 < . 1:1(0) ack 1 win 1000
                """);
        assertEquals(List.of(123L, 1L), injected(steps).stream().map(SegmentTemplate::seq).toList());
    }

    @Test
    void thePeersSynAckAcksTheScriptsIsnForTheKernel() throws ScriptParseException {
        // packetdrill -v: > S 100:100(0), then < S. 0:0(0) ack 101 acks the kernel's ISN + 1.
        List<Step> steps = steps(CONNECT + """
                +0 > S 100:100(0) <...>
                +0 < S. 0:0(0) ack 101 win 1000 <mss 1460>
                +0 < . 1:1(0) ack 1 win 1000
                """);
        assertEquals(List.of(1L, 1L), injected(steps).stream().map(SegmentTemplate::ack).toList());
        assertEquals(100L, expected(steps).get(0).synSeqOrigin());
    }

    @Test
    void aSecondSynOnTheFollowedChildKeepsItsNumbers() throws ScriptParseException {
        // Without a new socket() and listen(), packetdrill keeps following the first child.
        List<Step> steps = steps(LISTEN + """
                +0 < S 100:100(0) win 1000 <mss 1460>
                +0 > S. 0:0(0) ack 101 <...>
                +0 < S 900000:900000(0) win 1000 <mss 1460>
                +0 < R 1:1(0) win 0
                """);
        assertEquals(List.of(100L, 900000L, 101L), injected(steps).stream().map(SegmentTemplate::seq).toList());
    }

    @Test
    void theInitCommandAndInitScriptsRunBeforeTimeZero() throws ScriptParseException {
        // packetdrill runs --init_scripts, then an untimed backtick line before the first event, before its clock starts.
        String text = "--init_scripts=a.sh,b.sh\n`true`\n0 `false`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
        io.finack.experiment.Plan plan = Translator.plan(Parser.parse("t", text), Endpoint.Family.IPV4,
                Translator.Overrides.NONE, Path.of("/tmp"));
        assertEquals(3, plan.timeline().orElseThrow().preamble(), "a.sh, b.sh and `true`; the timed `false` runs on the clock");
    }
}

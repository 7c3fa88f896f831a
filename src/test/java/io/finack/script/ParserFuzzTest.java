package io.finack.script;

import io.finack.experiment.Experiment;
import io.finack.experiment.Plan;
import io.finack.experiment.SegmentTemplate;
import io.finack.experiment.Step;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Segment;
import io.finack.tcp.SeqNum;
import io.finack.wire.FrameCodec;
import io.finack.wire.TcpFrame;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of the parser and the translation (no fuzzer on Maven Central is available to this build):
 * valid scripts are mutated byte by byte, token by token and line by line with a fixed seed,
 * and every result must either parse (and make injected frames that encode) or fail with a
 * {@link ScriptParseException} that points inside the text. Anything else (a runtime exception from a value's constructor, an
 * overflow, an index out of bounds) fails the test with the input that caused it.
 */
class ParserFuzzTest {
    private static final int ROUNDS = 200_000;
    private static final String ALPHABET = "<>+-*~:()[]{},=|.@`\"%/\\ \n\t0123456789xSFRP.ackwinmssTSvalecrnop"
            + "sackOKwscale...EINPROGRESSconnect\u00e9\u0000";
    private static final List<String> FRAGMENTS = List.of("...", "<...>", "0:0(0)", " ack ", " win ", "<mss 1460>",
            "TS val 1 ecr 0", "%{", "}%", "/*", "*/", "//", "`", "\"", "0x", "+0", "*", "~", "--mtu=", "@state ",
            "@verdict ", "= -1 ", "4294967296", "99999999999999999999", "-", "\n", "(", ")", "{", "}", "[", "]",
            "sack 1:2 3:4", "wscale 15", "F.", "S.", "R.", ".", "accept(3, ..., ...) = 4", "@observe", "@expect states ",
            "@expect reconnect ", "STALE_ACK", "FIN_WAIT2 none", "   // a note");
    private static final List<String> SEEDS = List.of("""
            // a close order, judged at the end
            @expect states SYN_RECV FIN_WAIT2 none
            @expect reconnect STALE_ACK
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 16) = 0
            +0 < S 0:0(0) win 65535 <mss 1460>
            +0 > S. 0:0(0) ack 1 <...>   // SYN/ACK
            +0 @observe
            +0 < . 1:1(0) ack 2 win 65535
            +0 @observe
            +0 > . 2:2(0) ack 1 <...>   // stale ACK
            +0 @observe
            """, """
            --tolerance_usecs=10000
            // a comment
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0 < S 0:0(0) win 32792 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>
            +0 > S. 0:0(0) ack 1 <...>
            +.1 < . 1:1(0) ack 1 win 257
            +0 accept(3, ..., ...) = 4
            /* block
               comment */
            +0 < P. 1:1001(1000) ack 1 win 257
            * > . 1:1(0) ack 1001
            +0.002~+0.020 read(4, ..., 1000) = 1000
            `sysctl -q net.ipv4.tcp_rfc1337=1`
            +0 @state ESTABLISHED
            +0 close(4) = 0
            +0 > F. 1:1(0) ack 1001
            """, """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 > S 0:0(0) <...>
            +0 < . 5:5(0) ack -19502346 win 65535
            +0 > R -19502346:-19502346(0)
            +0~+1 > S 0:0(0) <...>
            +0 < S. 1000000:1000000(0) ack 1 win 65535 <mss 1460,sack 1:2,eol>
            +0 > . 1:1(0) ack 1000001
            +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
            +0 @verdict FAST_RETRY
            +0 shutdown(3, SHUT_WR) = 0
            +0 write(3, ..., 10) = 10
            %{ print("python") }%
            """);

    @Test
    void parserAndTranslationThrowOnlyTheirOwnErrorOnMutatedScripts() {
        SplittableRandom random = new SplittableRandom(0x5eed);
        int parsed = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String text = mutate(SEEDS.get(round % SEEDS.size()), random);
            try {
                // Parsed and translated for both families, as finack run does with a file.
                Experiment experiment = ScriptExperiment.of("fuzz", text, Translator.Overrides.NONE, Path.of("."));
                encodeEveryInjection(experiment.plan(Endpoint.Family.IPV4));
                parsed++;
            } catch (ScriptParseException e) {
                refused++;
                long lines = text.chars().filter(c -> c == '\n').count() + 1;
                assertTrue(e.line() >= 1 && e.line() <= lines && e.column() >= 1,
                        "position " + e.line() + ":" + e.column() + " outside the text: " + quoted(text));
                assertTrue(!e.reason().isBlank() && !e.reason().contains("\n"), "one-line reason: " + e.reason());
            } catch (RuntimeException | StackOverflowError e) {
                fail("the parser threw " + e + " on " + quoted(text), e);
            }
        }
        // The mutations must exercise both outcomes, or the test proves little.
        assertTrue(parsed > ROUNDS / 100 && refused > ROUNDS / 2, "parsed " + parsed + ", refused " + refused);
    }

    /** What the runner would send: a script that parses must also make frames that encode. */
    private static void encodeEveryInjection(Plan plan) {
        for (Step step : plan.steps()) {
            if (step instanceof Step.Inject inject) {
                SegmentTemplate t = inject.segment();
                FrameCodec.encode(new TcpFrame(plan.harness(), plan.kernel(), Segment.builder().flags(t.flags()).seq(t.seq())
                        .ack(SeqNum.of(t.ack())).window(t.window()).options(t.options()).payload(new byte[t.payloadLength()])
                        .build()));
            }
        }
    }

    private static String mutate(String seed, SplittableRandom random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (at < s.length()) {
                        s.deleteCharAt(at);
                    }
                }
                case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    }
                }
                case 3 -> s.insert(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                case 4 -> {
                    int end = Math.min(s.length(), at + random.nextInt(20));
                    s.delete(at, end);
                }
                default -> {
                    // a line of the seed somewhere else
                    String[] lines = seed.split("\n");
                    s.insert(at, lines[random.nextInt(lines.length)] + "\n");
                }
            }
        }
        return s.toString();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
    }
}

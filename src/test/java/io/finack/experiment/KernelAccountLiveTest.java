package io.finack.experiment;

import io.finack.script.BuiltinScripts;
import io.finack.script.ScriptExperiment;
import io.finack.script.Translator;
import io.finack.kernel.KernelAccount;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's own account of real runs: counters asserted by name, drop reasons where tracefs
 * can be had (each test prints whether it could), in a fresh namespace each.
 */
@Privileged
class KernelAccountLiveTest {
    private static final Path SCRIPTS = Path.of("src/test/resources/io/finack/experiment/account");
    private static final Translator.Overrides AS_WRITTEN = new Translator.Overrides(java.util.OptionalLong.empty(),
            java.util.OptionalDouble.empty(), java.util.OptionalInt.empty());
    private static ExperimentRunner runner;

    @BeforeAll
    static void runner() {
        runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, Optional.empty(), true);
    }

    @AfterAll
    static void close() throws Exception {
        runner.close();
    }

    private static ExperimentResult run(Experiment experiment, Endpoint.Family family) throws Exception {
        ExperimentResult result = runner.run(experiment, family);
        assertEquals(ExperimentResult.Outcome.PASS, result.outcome(), result.reason().orElse("") + " " + result.frames());
        System.out.printf("%s %s: drop reasons %s; counters moved %s; drops %s%n", experiment.name(), family,
                runner.dropReasons(), moved(result), result.kernel().drops().map(Object::toString).orElse("not traced"));
        return result;
    }

    private static ExperimentResult script(String file, Endpoint.Family family) throws Exception {
        return run(ScriptExperiment.fromFile(SCRIPTS.resolve(file), AS_WRITTEN), family);
    }

    private static Map<String, Long> moved(ExperimentResult r) {
        KernelAccount.Counters c = r.kernel().counters().orElseThrow(() -> new AssertionError("no counters"));
        assertEquals(KernelAccount.Scope.REPETITION, c.scope(), "one repetition alone owns its delta");
        return c.moved();
    }

    /** The first frame the harness injected with exactly these flags. */
    private static long injected(ExperimentResult r, String flags) {
        return r.frames().stream().filter(f -> f.from().equals("harness") && f.segment().flags().toString().equals(flags))
                .findFirst().orElseThrow().number();
    }

    /** Where drop reasons are traced, frame {@code frame}'s is {@code reason}; says which it checked. */
    private static void droppedWith(ExperimentResult r, long frame, String reason) {
        if (r.kernel().drops().isEmpty()) {
            System.out.println("drop reasons not traced here (" + runner.dropReasons() + "): frame " + frame + " not checked");
            return;
        }
        assertEquals(Optional.of(reason), r.kernel().dropOf(frame).map(KernelAccount.Drop::reason),
                r.kernel().drops().toString());
    }

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void synRetrysStaleAckIsAnsweredByTheKernelsRstInSynSent(Endpoint.Family family) throws Exception {
        ExperimentResult r = run(BuiltinScripts.named("syn-retry").orElseThrow(), family);
        Map<String, Long> moved = moved(r);
        assertEquals(1L, moved.get("TcpOutRsts"), "the RST with seq = the stale ack number: " + moved);
        assertEquals(1L, moved.get("TcpExtTCPSynRetrans"), "then the SYN retry: " + moved);
        droppedWith(r, injected(r, "."), "TCP_INVALID_ACK_SEQUENCE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rst-ack-lost", "finwait2-stale-ack"})
    void theTimewaitSocketAnswersTheProbeWithAnAckOfItsOwn(String name) throws Exception {
        ExperimentResult r = run(BuiltinScripts.named(name).orElseThrow(), Endpoint.Family.IPV4);
        Map<String, Long> moved = moved(r);
        long kernelFrames = r.frames().stream().filter(f -> f.from().equals("kernel")).count();
        // SYN/ACK, FIN, the timewait socket's ACK and the SYN/ACK to the retry: all sent, none an
        // RST, and the ACK not skipped by the rate limit.
        assertEquals(kernelFrames, moved.get("TcpOutSegs"), moved::toString);
        assertFalse(moved.containsKey("TcpOutRsts"), moved::toString);
        assertFalse(moved.containsKey("TcpExtTCPACKSkippedFinWait2"), moved::toString);
        assertEquals(1L, moved.get("TcpExtTW"), "the orphan became a timewait socket: " + moved);
        // The probe ends in the timewait path, which frees it without a reason of its own.
        droppedWith(r, r.reconnect().orElseThrow().synFrame(), "NOT_SPECIFIED");
    }

    @Test
    void aSecondProbeWithinTheRateLimitIsSkippedByTheFinWait2Socket() throws Exception {
        ExperimentResult r = script("finwait2-second-probe.pkt", Endpoint.Family.IPV4);
        Map<String, Long> moved = moved(r);
        assertEquals(1L, moved.get("TcpExtTCPACKSkippedFinWait2"), moved::toString);
        assertEquals(1L, r.frames().stream().filter(f -> f.from().equals("kernel") && f.segment().flags().toString().equals("."))
                .count(), "one ACK for two probes");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void anRstInTheWindowButNotAtRcvNxtGetsAChallengeAck(Endpoint.Family family) throws Exception {
        ExperimentResult r = script("rst-in-window.pkt", family);
        assertEquals(1L, moved(r).get("TcpExtTCPChallengeACK"));
        droppedWith(r, injected(r, "R"), "TCP_RESET");
    }

    @Test
    void anRstOutsideTheWindowIsDroppedWithoutAChallengeAck() throws Exception {
        ExperimentResult r = script("rst-out-of-window.pkt", Endpoint.Family.IPV4);
        Map<String, Long> moved = moved(r);
        assertFalse(moved.containsKey("TcpExtTCPChallengeACK"), moved::toString);
        assertEquals(1, r.frames().stream().filter(f -> f.from().equals("kernel")).count(), "the SYN/ACK, and no answer to the RST");
        droppedWith(r, injected(r, "R"), "TCP_INVALID_SEQUENCE");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void aSegmentToAPortNobodyOwnsGetsTheKernelsRst(Endpoint.Family family) throws Exception {
        ExperimentResult r = script("closed-port.pkt", family);
        assertEquals(1L, moved(r).get("TcpOutRsts"));
        droppedWith(r, injected(r, "S"), "NO_SOCKET");
        if (r.kernel().drops().isPresent()) {
            long rst = r.frames().stream().filter(f -> f.from().equals("kernel")).findFirst().orElseThrow().number();
            assertEquals(Optional.of(new KernelAccount.Reset(rst, "NONE", "NO_SOCKET")), r.kernel().resetOf(rst));
        }
    }

    /**
     * The reconnect loop's refused connections, made on purpose: a SYN inside the FIN_WAIT2
     * timewait socket's window is refused by that socket (TCP_TW_RST) while the listener is there.
     */
    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void aSynInsideAFinWait2SocketsWindowIsRefusedByTheTimewaitSocket(Endpoint.Family family) throws Exception {
        ExperimentResult r = script("finwait2-in-window-syn.pkt", family);
        io.finack.analysis.ReconnectReply reply = r.reconnect().orElseThrow();
        assertEquals(io.finack.analysis.ReconnectReply.Kind.RST, reply.kind());
        Map<String, Long> moved = moved(r);
        assertEquals(1L, moved.get("TcpOutRsts"), moved::toString);
        assertFalse(moved.containsKey("TcpExtTCPACKSkippedFinWait2"), "an RST, not a skipped ACK: " + moved);
        if (r.kernel().drops().isEmpty()) {
            System.out.println("RST reasons not traced here (" + runner.dropReasons() + "): the refusing socket not checked");
            return;
        }
        assertEquals(Optional.of(new KernelAccount.Reset(reply.replyFrame(), "TIME_WAIT", "TCP_TIMEWAIT_SOCKET")),
                r.kernel().resetOf(reply.replyFrame()), r.kernel().resets()::toString);
    }

    @Test
    void repetitionsInFlightTogetherShareTheirJobsDelta() throws Exception {
        List<ExperimentResult> results = runner.run(ScriptExperiment.fromFile(SCRIPTS.resolve("closed-port.pkt"), AS_WRITTEN),
                Endpoint.Family.IPV4, 4, new ExperimentRunner.Parallelism(1, 4), job -> { });
        KernelAccount.Counters first = results.get(0).kernel().counters().orElseThrow();
        assertEquals(KernelAccount.Scope.JOB, first.scope());
        results.forEach(r -> assertSame(first, r.kernel().counters().orElseThrow(), "one delta for the job"));
        assertEquals(4L, first.moved().get("TcpOutRsts"), "every repetition's RST, counted once");
        assertTrue(results.stream().allMatch(r -> r.outcome() == ExperimentResult.Outcome.PASS));
    }
}

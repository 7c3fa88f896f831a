package io.finack.syscall;

import io.finack.experiment.Experiment;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.sandbox.SandboxSpec;
import io.finack.script.ScriptExperiment;
import io.finack.script.Translator;
import io.finack.tcp.Endpoint;
import io.finack.testing.Privileged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calls of the table against the live kernel, each in a fresh namespace: the scripts
 * under {@code both/} pass on both families, those under {@code ipv4/} and {@code ipv6/} (whose
 * control messages name the family's level) on theirs, and each under {@code fail/} fails at
 * its line with packetdrill's message. Every passing script also passes under the real
 * packetdrill, and every failing one fails there at the same line with the same message
 * (checked by hand with packetdrill-reference; see docs/system-calls.md), but for finack's own
 * extensions, which packetdrill refuses: SIOCOUTQ (send-recv.pkt) and getsockopt(TCP_INFO)
 * with named fields (tcp-info.pkt, wrong-tcp-info.pkt).
 *
 * <p>A 100 ms timing tolerance, as in the script package's live tests: these judge what the
 * calls return, not the build machine's scheduling.
 */
@Privileged
class SyscallScriptsLiveTest {
    private static final Path SCRIPTS = Path.of("src/test/resources/io/finack/syscall");
    private static final Translator.Overrides LENIENT = new Translator.Overrides(OptionalLong.of(100_000),
            OptionalDouble.empty(), OptionalInt.empty());

    static Stream<Arguments> passingScripts() throws IOException {
        return Stream.of(Endpoint.Family.values()).flatMap(family -> Stream.of("both", family.name().toLowerCase(java.util.Locale.ROOT))
                .flatMap(folder -> files(folder).map(f -> Arguments.of(folder + "/" + f, family))));
    }

    private static Stream<String> files(String folder) {
        try (Stream<Path> files = Files.list(SCRIPTS.resolve(folder))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("passingScripts")
    void passes(String file, Endpoint.Family family) throws Exception {
        ExperimentResult result = run(SCRIPTS.resolve(file), family);
        assertEquals(ExperimentResult.Outcome.PASS, result.outcome(), result.reason().orElse(""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-fd.pkt         | 10 | runtime error in close call: unable to find fd with script fd 9
            wrong-cmsg-count.pkt   | 11 | runtime error in recvmsg call: received only 0 cmsgs
            wrong-cmsg-data.pkt    | 12 | runtime error in recvmsg call: Bad data in cmsg 0: expected=5 actual=0
            wrong-ee-data.pkt      | 30 | runtime error in recvmsg call: Bad data in extended err 0: expected=2 actual=1
            wrong-epoll-events.pkt | 12 | runtime error in epoll_wait call: epoll_event->events does not match script: expected: 0x1 actual: 0x4
            wrong-errno.pkt        | 11 | runtime error in recv call: Expected errno 104 (Connection reset by peer) but got 11 (Resource temporarily unavailable)
            wrong-ioctl.pkt        | 12 | runtime error in ioctl call: Bad ioctl optval: expected: 5 actual: 10
            wrong-optval.pkt       | 11 | runtime error in getsockopt call: Bad getsockopt optval: expected: 4096 actual: 8192
            wrong-result.pkt       | 13 | runtime error in recv call: Expected result -1 but got 10
            wrong-revents.pkt      | 10 | runtime error in poll call: Expected revents of POLLIN but got POLLOUT for pollfd 0
            wrong-tcp-info.pkt     | 12 | runtime error in getsockopt call: Bad getsockopt optval: tcpi_snd_mss expected: 1460 actual: 1000
            """)
    void failsAtTheLineInPacketdrillsWords(String file, int line, String message) throws Exception {
        ExperimentResult result = run(SCRIPTS.resolve("fail").resolve(file), Endpoint.Family.IPV4);
        String reason = result.reason().orElse("");
        assertEquals(ExperimentResult.Outcome.FAIL, result.outcome(), reason);
        assertTrue(reason.startsWith(file + ":" + line + ": " + message), reason);
    }

    private static ExperimentResult run(Path script, Endpoint.Family family) throws Exception {
        Experiment experiment = ScriptExperiment.fromFile(script, LENIENT);
        try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, Optional.empty())) {
            return runner.run(experiment, family);
        }
    }
}

package io.finack.script;

import io.finack.experiment.Experiment;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.testing.Privileged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * packetdrill's clock against the live kernel's own timers: a relative time counts from when
 * the previous kernel frame came. The script's times are off the kernel's by 200 ms a line
 * and the tolerance is a fixed 300 ms (no percentage), so that it passes only under that
 * rule (counted from the script times, the third SYN is 400 ms late) and the kernel's timers
 * may be tens of milliseconds late on a loaded machine without failing it.
 */
@Privileged
class ScriptClockLiveTest {
    private static final Path SCRIPTS = Path.of("src/test/resources/io/finack/script/clock");
    private static final Translator.Overrides FIXED_300_MS = new Translator.Overrides(OptionalLong.of(300_000),
            OptionalDouble.of(0), OptionalInt.empty());

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void aLateKernelFrameMovesTheNextRelativeTime(Endpoint.Family family) throws Exception {
        Experiment experiment = ScriptExperiment.fromFile(SCRIPTS.resolve("late-frames-move-the-clock.pkt"), FIXED_300_MS);
        try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, Optional.empty())) {
            ExperimentResult result = runner.run(experiment, family);
            assertEquals(ExperimentResult.Outcome.PASS, result.outcome(), result.reason().orElse("")
                    + "\nframes:\n" + String.join("\n", result.frames().stream().map(Object::toString).toList()));
            assertEquals(3, result.frames().size(), "the SYN and its two retransmissions, nothing else");
        }
    }
}

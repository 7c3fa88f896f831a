package io.finack.testing;

import io.finack.analysis.PathFinding;
import io.finack.analysis.ReconnectReply;
import io.finack.analysis.StaleAckDetector;
import io.finack.analysis.Verdict;
import io.finack.experiment.Experiment;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.StateObservation;
import io.finack.tcp.Endpoint;
import io.finack.wire.CapturedFrame;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A run's result made by hand from a synthetic trace ({@link TraceBuilder}), with the path
 * found by the real detector, as the runner finds it: the first attempt that met a stale ACK.
 */
public final class Runs {
    private Runs() {
    }

    /** {@code harness} tells the harness's frames from the kernel's. */
    public static ExperimentResult passed(Experiment experiment, Endpoint.Family family, List<CapturedFrame> frames,
                                          Endpoint harness, List<StateObservation> states, Optional<Path> pcap) {
        Optional<PathFinding> finding = StaleAckDetector.detect(frames).stream()
                .filter(f -> f.verdict() != Verdict.NO_STALE_ACK).findFirst();
        long first = frames.get(0).epochNanos();
        List<ExperimentResult.FrameLine> lines = frames.stream().map(f -> new ExperimentResult.FrameLine(f.number(),
                f.epochNanos(), (f.epochNanos() - first) / 1e6, f.tcp().source().equals(harness) ? "harness" : "kernel",
                f.tcp().segment())).toList();
        return new ExperimentResult(experiment.name(), family, ExperimentResult.Outcome.PASS, Optional.empty(),
                experiment.expected(), finding.map(PathFinding::verdict), finding, ReconnectReply.find(frames),
                finding.map(PathFinding::intervals).orElse(Map.of()), OptionalDouble.empty(),
                states.stream().map(s -> s.placedIn(frames)).toList(), List.of(40.0),
                lines, pcap, 50, 10, first, Optional.empty());
    }

    /** A run whose plan failed before the kernel sent anything: no frame, no finding. */
    public static ExperimentResult failedBeforeAnyFrame(Experiment experiment, Endpoint.Family family, String reason) {
        return new ExperimentResult(experiment.name(), family, ExperimentResult.Outcome.FAIL, Optional.of(reason),
                experiment.expected(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), OptionalDouble.empty(),
                List.of(),
                List.of(), List.of(), Optional.empty(), 1000, 10, 0, Optional.empty());
    }

    /** A sock_diag observation {@code micros} after the trace's start; {@link #passed} places it among the frames. */
    public static StateObservation state(double micros, Optional<io.finack.tcp.TcpState> state) {
        return new StateObservation(0, TraceBuilder.START_NANOS + Math.round(micros * 1000), 0, state);
    }
}

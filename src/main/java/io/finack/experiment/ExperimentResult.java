package io.finack.experiment;

import io.finack.analysis.PathFinding;
import io.finack.analysis.ReconnectReply;
import io.finack.analysis.Verdict;
import io.finack.kernel.KernelAccount;
import io.finack.tcp.Endpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one run of one experiment found: the path verdict and its finding (every experiment),
 * the reconnecting SYN's answer (where the plan reconnects), the kernel states observed.
 * {@code intervals} holds every measured interval in
 * milliseconds from capture timestamps, by name; {@code reactionMicros} the harness's
 * reaction times (kernel frame to the harness's reply, both capture timestamps).
 * {@code wallMillis} is the whole run, sandbox included; {@link #overheadMillis()} is what
 * the harness adds to the exchange itself. {@code python} is what a script's python blocks read
 * and printed, for a script with any. {@code kernel} is the kernel's own account: its counters
 * and drop reasons.
 */
public record ExperimentResult(String name, Endpoint.Family family, Outcome outcome, Optional<String> reason,
                               Expectation expected, Optional<Verdict> verdict, Optional<PathFinding> finding,
                               Optional<ReconnectReply> reconnect,
                               Map<String, Double> intervals, OptionalDouble connectMillis,
                               List<StateObservation> states, List<Double> reactionMicros,
                               List<FrameLine> frames, Optional<Path> pcap, double wallMillis,
                               double setupMillis, long firstInjectionNanos, Optional<io.finack.python.PythonRun> python,
                               List<IcmpLine> icmp, KernelAccount kernel) {

    /** A run without ICMP frames and without the kernel's account. */
    public ExperimentResult(String name, Endpoint.Family family, Outcome outcome, Optional<String> reason,
                            Expectation expected, Optional<Verdict> verdict, Optional<PathFinding> finding,
                            Optional<ReconnectReply> reconnect, Map<String, Double> intervals, OptionalDouble connectMillis,
                            List<StateObservation> states, List<Double> reactionMicros, List<FrameLine> frames,
                            Optional<Path> pcap, double wallMillis, double setupMillis, long firstInjectionNanos,
                            Optional<io.finack.python.PythonRun> python) {
        this(name, family, outcome, reason, expected, verdict, finding, reconnect, intervals, connectMillis, states,
                reactionMicros, frames, pcap, wallMillis, setupMillis, firstInjectionNanos, python, List.of());
    }

    /** A run without the kernel's account. */
    public ExperimentResult(String name, Endpoint.Family family, Outcome outcome, Optional<String> reason,
                            Expectation expected, Optional<Verdict> verdict, Optional<PathFinding> finding,
                            Optional<ReconnectReply> reconnect, Map<String, Double> intervals, OptionalDouble connectMillis,
                            List<StateObservation> states, List<Double> reactionMicros, List<FrameLine> frames,
                            Optional<Path> pcap, double wallMillis, double setupMillis, long firstInjectionNanos,
                            Optional<io.finack.python.PythonRun> python, List<IcmpLine> icmp) {
        this(name, family, outcome, reason, expected, verdict, finding, reconnect, intervals, connectMillis, states,
                reactionMicros, frames, pcap, wallMillis, setupMillis, firstInjectionNanos, python, icmp, KernelAccount.NONE);
    }

    /** The kernel's reason for dropping frame {@code number}, where drop reasons were traced and it did. */
    public Optional<String> dropReasonOf(long number) {
        return kernel.dropOf(number).map(KernelAccount.Drop::reason);
    }

    /** The kernel's reason for sending frame {@code number}, an RST, where it was traced. */
    public Optional<String> resetReasonOf(long number) {
        return kernel.resetOf(number).map(KernelAccount.Reset::reason);
    }

    /** This result with {@code account} as the kernel's. */
    public ExperimentResult withKernel(KernelAccount account) {
        return new ExperimentResult(name, family, outcome, reason, expected, verdict, finding, reconnect, intervals,
                connectMillis, states, reactionMicros, frames, pcap, wallMillis, setupMillis, firstInjectionNanos, python,
                icmp, account);
    }

    /** A captured ICMP error about the connection: its frame number, time, sender and packetdrill notation. */
    public record IcmpLine(long number, long epochNanos, double millis, String from, String text) {
    }

    /** PASS: the kernel took the expected path; FAIL: it did something else; ERROR: the harness could not run it. */
    public enum Outcome { PASS, FAIL, ERROR }

    /**
     * One frame of the exchange, as the reports list and draw it: its number in the pcap, its
     * capture time (and milliseconds since the first frame), who sent it, and its segment.
     */
    public record FrameLine(long number, long epochNanos, double millis, String from, io.finack.tcp.Segment segment,
                            io.finack.wire.IpFields ip) {
        /** A frame whose IP header carries nothing a reader needs to see. */
        public FrameLine(long number, long epochNanos, double millis, String from, io.finack.tcp.Segment segment) {
            this(number, epochNanos, millis, from, segment, io.finack.wire.IpFields.NONE);
        }

        /** The segment as tcpdump prints it. */
        public String summary() {
            return segment.toString();
        }
    }

    /**
     * The word a report heads the run with: the path verdict, or for a close-order experiment
     * (judged on its states and its reconnect, not on a path) what the reconnecting SYN got.
     */
    public String headline() {
        if (expected instanceof Expectation.CloseOrder) {
            return reconnect.map(c -> "reconnect " + c.kind()).orElse("no reconnect");
        }
        return verdict.map(Enum::name).orElse("no verdict");
    }

    /** Milliseconds from the first to the last frame: the exchange, kernel timer waits included. */
    public double exchangeMillis() {
        return frames.isEmpty() ? 0 : frames.get(frames.size() - 1).millis();
    }

    /** Wall time beyond the exchange on the wire: sandbox, capture set-up, teardown, pcap writing. */
    public double overheadMillis() {
        return wallMillis - exchangeMillis();
    }

    public ExperimentResult {
        intervals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(intervals));
        states = List.copyOf(states);
        reactionMicros = List.copyOf(reactionMicros);
        frames = List.copyOf(frames);
    }
}

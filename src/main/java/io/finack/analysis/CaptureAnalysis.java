package io.finack.analysis;

import io.finack.capture.CaptureReader;
import io.finack.capture.FrameHandOff;
import io.finack.capture.ReadSummary;
import io.finack.capture.StreamRead;
import io.finack.wire.CaptureFileException;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What one capture file showed: how it read, how many connection attempts took each way, and
 * the findings worth a line each: every attempt that entered the path, every attempt whose
 * SYN was re-sent with no stale ACK before it (a lost SYN), every attempt that met a
 * FIN_WAIT_2 socket, and the flows the capture left in FIN_WAIT_2. The file is streamed once
 * through a {@link StaleAckDetector}; ordinary attempts are only counted, so memory stays
 * bounded however large the file (past {@link #MAX_LISTED} listed findings, more are counted
 * in {@code unlisted}).
 *
 * @param file                    the capture file, as given
 * @param read                    how the reader saw the file
 * @param fastRetryLimit          the RST -> retry interval under which a retry is FAST_RETRY
 * @param verdicts                attempts by verdict, every verdict present
 * @param synRetransmissions      SYNs re-sent with no answer before them, over all attempts
 * @param attemptsWithSynRetransmissions attempts with at least one such SYN
 * @param findings                the listed findings, by the frame number of their SYN
 * @param finWait2                flows left in FIN_WAIT_2 with no new SYN after, by FIN frame
 * @param unlisted                findings past the listing limit: counted, not listed
 * @param warnings                what the reader stepped over, one line each with its byte offset
 * @param flowsEvictedWhileActive flows dropped from the full flow table before they went idle
 */
public record CaptureAnalysis(Path file, ReadSummary read, Duration fastRetryLimit, Map<Verdict, Long> verdicts,
                              long synRetransmissions, long attemptsWithSynRetransmissions,
                              List<PathFinding> findings, List<FinWait2> finWait2, long unlisted,
                              List<String> warnings, long flowsEvictedWhileActive) {
    /** Findings (and FIN_WAIT_2 flows) listed at most, about 40 MB. */
    public static final int MAX_LISTED = 100_000;
    /** Warnings kept at most; the count of the rest ends the list. */
    static final int MAX_WARNINGS = 100;

    public CaptureAnalysis {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(fastRetryLimit, "fastRetryLimit");
        verdicts = Map.copyOf(verdicts);
        findings = List.copyOf(findings);
        finWait2 = List.copyOf(finWait2);
        warnings = List.copyOf(warnings);
    }

    /** Streams {@code file} through a detector with the given limits. */
    public static CaptureAnalysis of(Path file, Duration fastRetryLimit, Duration idleTimeout, int maxFlows)
            throws CaptureFileException {
        Tally tally = new Tally(f -> { });
        StaleAckDetector detector = tally.detector(fastRetryLimit, idleTimeout, maxFlows);
        // The detector follows the frames on a thread of its own while the reader decodes the next ones.
        ReadSummary read;
        try (FrameHandOff handOff = new FrameHandOff(detector::accept, "analyze-" + file.getFileName())) {
            read = new CaptureReader().read(file, handOff, tally::warning);
            handOff.finish();
        }
        return tally.analysis(file, read, fastRetryLimit, detector);
    }

    /**
     * Streams a capture from {@code stream} (named {@code name} in messages) through a detector
     * as it arrives, handing each finding worth a line to {@code listed} the moment it is made.
     * A fault that cuts the stream short ends the analysis with what came before it.
     */
    public static StreamAnalysis of(InputStream stream, Path name, Duration fastRetryLimit, Duration idleTimeout,
                                    int maxFlows, Consumer<PathFinding> listed) {
        Tally tally = new Tally(listed);
        StaleAckDetector detector = tally.detector(fastRetryLimit, idleTimeout, maxFlows);
        StreamRead read;
        try (FrameHandOff handOff = new FrameHandOff(detector::accept, "analyze-stream")) {
            read = new CaptureReader().read(stream, name, handOff, tally::warning);
            handOff.finish();
        }
        return new StreamAnalysis(tally.analysis(name, read.summary(), fastRetryLimit, detector), read.fault());
    }

    /** With the default idle timeout and flow table size. */
    public static CaptureAnalysis of(Path file, Duration fastRetryLimit) throws CaptureFileException {
        return of(file, fastRetryLimit, StaleAckDetector.DEFAULT_IDLE_TIMEOUT, StaleAckDetector.DEFAULT_MAX_FLOWS);
    }

    /** Records in the file, TCP or not (the last frame number Wireshark shows). */
    public long frames() {
        return read.frames();
    }

    /** Connection attempts followed: one finding each. */
    public long attempts() {
        return Verdict.total(verdicts);
    }

    /** How many attempts had each verdict, every verdict present (0 where none), in declaration order. */
    public Map<Verdict, Long> verdictCounts() {
        return Verdict.inOrder(verdicts);
    }

    /** Why a finding is worth its own line: it entered the path, lost a SYN, or met a FIN_WAIT_2 socket. */
    public static boolean listed(PathFinding f) {
        return f.verdict() != Verdict.NO_STALE_ACK || f.synRetransmissions() > 0 || f.finWait2() != null;
    }

    /** Counts every finding and keeps those worth a line, up to the limit. */
    private static final class Tally {
        final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        final List<PathFinding> findings = new ArrayList<>();
        final List<FinWait2> finWait2 = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        long synRetransmissions;
        long attemptsWithSynRetransmissions;
        long unlisted;
        long warningsDropped;
        private final Consumer<PathFinding> listed;

        Tally(Consumer<PathFinding> listed) {
            this.listed = listed;
            for (Verdict v : Verdict.values()) {
                verdicts.put(v, 0L);
            }
        }

        StaleAckDetector detector(Duration fastRetryLimit, Duration idleTimeout, int maxFlows) {
            return new StaleAckDetector(fastRetryLimit, idleTimeout, maxFlows, this::finding, this::finWait2);
        }

        /** Ends the detector's open attempts and sorts what was found into the analysis. */
        CaptureAnalysis analysis(Path file, ReadSummary read, Duration fastRetryLimit, StaleAckDetector detector) {
            detector.finish();
            findings.sort(Comparator.comparingLong(PathFinding::synFrame));
            finWait2.sort(Comparator.comparingLong(FinWait2::finFrame));
            if (warningsDropped > 0) {
                warnings.add(warningsDropped + " more warnings");
            }
            return new CaptureAnalysis(file, read, fastRetryLimit, verdicts, synRetransmissions,
                    attemptsWithSynRetransmissions, findings, finWait2, unlisted, warnings,
                    detector.flowsEvictedWhileActive());
        }

        void finding(PathFinding f) {
            verdicts.merge(f.verdict(), 1L, Long::sum);
            synRetransmissions += f.synRetransmissions();
            if (f.synRetransmissions() > 0) {
                attemptsWithSynRetransmissions++;
            }
            if (!listed(f)) {
                return;
            }
            listed.accept(f);
            if (findings.size() + finWait2.size() < MAX_LISTED) {
                findings.add(f);
            } else {
                unlisted++;
            }
        }

        void finWait2(FinWait2 f) {
            if (findings.size() + finWait2.size() < MAX_LISTED) {
                finWait2.add(f);
            } else {
                unlisted++;
            }
        }

        void warning(String w) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(w);
            } else {
                warningsDropped++;
            }
        }
    }
}

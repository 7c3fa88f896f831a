package io.finack.analysis;

import io.finack.wire.CaptureFileException;
import io.finack.wire.PcapReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one capture file showed: how many records it holds and one {@link PathFinding} per
 * connection attempt the detector followed. The file is streamed once through a
 * {@link StaleAckDetector}; no frame is kept.
 *
 * @param file           the capture file, as given
 * @param frames         records in the file, TCP or not (the last frame number Wireshark shows)
 * @param fastRetryLimit the RST -> retry interval under which a retry is FAST_RETRY
 * @param findings       every attempt's finding, by the frame number of its SYN
 */
public record CaptureAnalysis(Path file, long frames, Duration fastRetryLimit, List<PathFinding> findings) {
    public CaptureAnalysis {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fastRetryLimit, "fastRetryLimit");
        findings = List.copyOf(findings);
    }

    /** Streams {@code file} through a detector with the given limit. */
    public static CaptureAnalysis of(Path file, Duration fastRetryLimit) throws CaptureFileException {
        StaleAckDetector detector = new StaleAckDetector(fastRetryLimit);
        long frames = PcapReader.read(file, detector::accept);
        return new CaptureAnalysis(file, frames, fastRetryLimit, detector.finish());
    }

    /** Connection attempts followed: one finding each. */
    public int attempts() {
        return findings.size();
    }

    /** How many findings have each verdict, every verdict present (0 where none), in declaration order. */
    public Map<Verdict, Integer> verdictCounts() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        findings.forEach(f -> counts.merge(f.verdict(), 1, Integer::sum));
        return counts;
    }

    /** SYNs re-sent with no answer before them (lost SYNs, no stale ACK involved), over all attempts. */
    public int synRetransmissions() {
        return findings.stream().mapToInt(PathFinding::synRetransmissions).sum();
    }

    /** Attempts whose SYN was re-sent at least once before it got an answer. */
    public long attemptsWithSynRetransmissions() {
        return findings.stream().filter(f -> f.synRetransmissions() > 0).count();
    }

    /** The findings that entered the path: every verdict but NO_STALE_ACK. */
    public List<PathFinding> entered() {
        return findings.stream().filter(f -> f.verdict() != Verdict.NO_STALE_ACK).toList();
    }
}

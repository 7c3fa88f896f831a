package io.finack.watch;

import io.finack.analysis.Verdict;

import java.util.Map;

/**
 * The counts since {@code finack watch} began, as a summary line shows them.
 *
 * @param epochNanos       when (capture clock)
 * @param last             the summary printed on exit
 * @param frames           frames the capture handed over
 * @param dropped          frames the kernel dropped because the capture's ring was full
 * @param verdicts         attempts by verdict, every verdict present
 * @param lostSyns         SYNs re-sent with no stale ACK before them
 * @param attemptsWithLostSyns attempts with at least one
 * @param finWait2         flows left in FIN_WAIT_2
 * @param evidenceFiles    pcap windows written
 * @param evidenceBytes    their bytes
 * @param evidenceNotWritten windows not written (the size cap, or too many open at once)
 */
public record WatchSummary(long epochNanos, boolean last, long frames, long dropped, Map<Verdict, Long> verdicts,
                           long lostSyns, long attemptsWithLostSyns, long finWait2, long evidenceFiles,
                           long evidenceBytes, long evidenceNotWritten) {
    public WatchSummary {
        verdicts = Map.copyOf(verdicts);
    }

    /** Attempts followed to a verdict. */
    public long attempts() {
        return Verdict.total(verdicts);
    }

    /** The verdict counts in declaration order. */
    public Map<Verdict, Long> verdictCounts() {
        return Verdict.inOrder(verdicts);
    }
}

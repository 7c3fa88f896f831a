package io.finack.loop;

import io.finack.analysis.Stats;
import io.finack.analysis.Verdict;
import io.finack.kernel.KernelAccount;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one reconnect loop measured.
 *
 * @param spec               the loop
 * @param connections        connections the client began
 * @param synsSent           connections whose connect() sent a SYN (the others failed at once)
 * @param stopped            the loop was stopped (a signal) before its limit
 * @param failed             connections that failed (each is also in {@code flagged})
 * @param connectMs          connect() to connected, over every connection that connected
 * @param cycleMs            socket() to the server's close read, as the kernel's selftest times it
 * @param wallMs             the loop's own time, first socket() to last close()
 * @param capturedFrames     frames the capture handed over during the loop
 * @param capturedConnections connections the capture saw begin (new ISNs from the client's port)
 * @param verdicts           the stale-ACK detector's verdict for every connection attempt in the capture
 * @param rstToRetryMs       RST -> SYN retry over the attempts that took the stale-ACK path
 * @param pathEntries        the first connections whose attempt entered the stale-ACK path (up to 100)
 * @param serverErrors       calls that failed on the server's side (accept, read, close)
 * @param flagged            every slow or failed connection, up to {@link ReconnectLoop#MAX_FLAGGED}
 * @param slowCount          slow connections, listed or not
 * @param windowsNotKept     flagged connections past the bound of windows kept
 * @param pcapBytes          bytes of the windows' pcaps written
 * @param counters           how the namespace's counters moved over the whole loop (empty: unreadable)
 */
public record LoopResult(LoopSpec spec, long connections, long synsSent, boolean stopped, long failed, Stats connectMs, Stats cycleMs,
                         double wallMs, long capturedFrames, long capturedConnections, Map<Verdict, Long> verdicts, Stats rstToRetryMs, List<PathEntry> pathEntries, long serverErrors,
                         List<FlaggedConnection> flagged, long slowCount, long windowsNotKept, long pcapBytes,
                         Optional<KernelAccount.Counters> counters) {
    public LoopResult {
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(spec, "spec");
        verdicts = Map.copyOf(verdicts);
        pathEntries = List.copyOf(pathEntries);
        flagged = List.copyOf(flagged);
    }

    /** True when every connection connected within the threshold. */
    public boolean clean() {
        return failed == 0 && slowCount == 0;
    }

    /** Connections per second over the loop's own time. */
    public double rate() {
        return wallMs > 0 ? connections / (wallMs / 1000) : 0;
    }
}

package io.finack.loop;

import io.finack.kernel.KernelAccount;

import java.util.Objects;
import java.util.Optional;

/**
 * A connection the loop reports one by one: it was still connecting after the threshold, or it
 * failed (a refused connect() is quick, but as telling).
 *
 * @param connection its number in the loop, from 1
 * @param atMillis   when it began (its socket()), from the loop's start
 * @param sentSyn    its connect() sent a SYN (it did not fail at once)
 * @param slow       still connecting after the threshold
 * @param connectMs  connect() to connected, NaN when it never connected
 * @param failure    why it failed, if it did
 * @param evidence   its window of the capture, unless the loop had kept as many windows as it may
 * @param refusedBy  for a refused connect(), which kernel socket sent the RST and why
 *                   (tcp:tcp_send_reset), where the loop traced it
 */
public record FlaggedConnection(long connection, double atMillis, boolean sentSyn, boolean slow, double connectMs, Optional<String> failure,
                                Optional<SpikeEvidence> evidence, Optional<KernelAccount.Reset> refusedBy) {
    public FlaggedConnection {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(refusedBy, "refusedBy");
    }

    public FlaggedConnection(long connection, double atMillis, boolean sentSyn, boolean slow, double connectMs,
                             Optional<String> failure, Optional<SpikeEvidence> evidence) {
        this(connection, atMillis, sentSyn, slow, connectMs, failure, evidence, Optional.empty());
    }

    /**
     * What the kernel's reason for the RST means here: a timewait socket of the previous
     * connection (FIN_WAIT2 or TIME_WAIT) took the SYN, found its sequence number inside its own
     * receive window and reset it, before the listener could see it.
     */
    public Optional<String> refusal() {
        return refusedBy.map(r -> r.words() + (r.reason().equals("TCP_TIMEWAIT_SOCKET")
                ? ": the previous connection's timewait socket still held the 4-tuple and found the SYN inside its"
                + " receive window (tcp_timewait_state_process: TCP_TW_RST), so the listener never saw it" : ""));
    }
}

package io.finack.analysis;

import io.finack.tcp.Endpoint;

import java.util.Objects;

/**
 * The FIN_WAIT_2 precondition as a capture shows it: {@code closer} sent a FIN, {@code peer}
 * acknowledged it, and no FIN from {@code peer} followed. The closer's socket then sits in
 * FIN_WAIT_2 (a timewait socket after tcp_fin_timeout) and answers a new SYN on the same
 * 4-tuple with the stale ACK.
 *
 * @param closer   the side that sent the FIN
 * @param peer     the side that acknowledged it and never sent its own
 * @param finFrame the closer's FIN
 * @param ackFrame the peer's ACK of that FIN
 */
public record FinWait2(Endpoint closer, Endpoint peer, long finFrame, long ackFrame) {
    public FinWait2 {
        Objects.requireNonNull(closer, "closer");
        Objects.requireNonNull(peer, "peer");
    }

    /** One line for reports. */
    public String describe() {
        return closer + "'s FIN (frame " + finFrame + ") acked in frame " + ackFrame + ", no FIN from " + peer;
    }
}

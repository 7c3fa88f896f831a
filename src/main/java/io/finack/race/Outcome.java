package io.finack.race;

import io.finack.tcp.TcpState;

import java.util.Optional;

/**
 * How one iteration ended, from the kernel socket's state read through sock_diag after both
 * segments were sent. FIN_WAIT2 is the race's mark: the ACK moved the socket on, and the
 * closing segment, which would have ended FIN_WAIT2, was lost.
 */
public enum Outcome {
    /** TIME_WAIT: the FIN/ACK was processed (after the ACK, or acking the FIN itself). */
    TIME_WAIT(true),
    /** No socket: the RST/ACK closed it. */
    CLOSED(true),
    /** FIN_WAIT2: the closing segment was lost: a hit. */
    FIN_WAIT2(true),
    /** Any other state: the kernel did something this experiment does not classify. */
    OTHER_STATE(false),
    /** The harness could not finish the iteration (no SYN/ACK, no connection to accept...). */
    HARNESS_ERROR(false);

    private final boolean classified;

    Outcome(boolean classified) {
        this.classified = classified;
    }

    /** True for the kernel states this experiment explains; false for the two failures. */
    public boolean classified() {
        return classified;
    }

    public boolean hit() {
        return this == FIN_WAIT2;
    }

    /** The outcome for the state sock_diag reported (empty: no socket). */
    public static Outcome of(Optional<TcpState> state) {
        if (state.isEmpty()) {
            return CLOSED;
        }
        switch (state.get()) {
            case TIME_WAIT: return TIME_WAIT;
            case FIN_WAIT2: return FIN_WAIT2;
            default: return OTHER_STATE;
        }
    }
}

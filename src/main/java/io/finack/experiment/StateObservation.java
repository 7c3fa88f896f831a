package io.finack.experiment;

import io.finack.tcp.TcpState;

import java.util.Optional;

/**
 * A kernel socket state read through sock_diag during a run: after plan step {@code step}
 * (1-based), at {@code epochNanos} (the capture's clock), when the capture's last frame was
 * {@code afterFrame} (0: none yet). Empty state: no such socket.
 */
public record StateObservation(int step, long epochNanos, long afterFrame, Optional<TcpState> state) {
    public String stateName() {
        return name(state);
    }

    /** The word reports use for a state: its name, or {@code NONE} for no socket. */
    static String name(Optional<TcpState> state) {
        return state.map(Enum::name).orElse("NONE");
    }
}

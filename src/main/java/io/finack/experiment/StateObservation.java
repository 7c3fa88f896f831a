package io.finack.experiment;

import java.util.Optional;

/** A kernel socket state read through sock_diag during a run, after a given step. */
public record StateObservation(int step, long epochNanos, Optional<io.finack.tcp.TcpState> state) {
    public String stateName() {
        return state.map(Enum::name).orElse("NONE");
    }
}

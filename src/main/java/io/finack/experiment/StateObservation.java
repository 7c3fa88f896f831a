package io.finack.experiment;

import io.finack.kernel.TcpInfo;
import io.finack.tcp.TcpState;
import io.finack.wire.CapturedFrame;

import java.util.List;
import java.util.Optional;

/**
 * A kernel socket state read through sock_diag during a run: after plan step {@code step}
 * (1-based), at {@code epochNanos} (the capture's clock), when the capture's last frame was
 * {@code afterFrame} (0: none yet). Empty state: no such socket. {@code tcpInfo} is the
 * socket's struct tcp_info from the same read; none for a timewait socket or no socket.
 */
public record StateObservation(int step, long epochNanos, long afterFrame, Optional<TcpState> state,
                               Optional<TcpInfo> tcpInfo) {
    /** An observation without a tcp_info. */
    public StateObservation(int step, long epochNanos, long afterFrame, Optional<TcpState> state) {
        this(step, epochNanos, afterFrame, state, Optional.empty());
    }

    /**
     * This observation with the frame it followed in {@code frames} (capture order): the
     * capture's timestamps come from the send path, so every frame an injection or the kernel's
     * answer put on lo before the observation is stamped earlier than it, even if the capture
     * thread read it later.
     */
    public StateObservation placedIn(List<CapturedFrame> frames) {
        return new StateObservation(step, epochNanos, frames.stream().filter(f -> f.epochNanos() <= epochNanos).count(),
                state, tcpInfo);
    }

    /** The tcp_info fields a reader follows the path by ({@link TcpInfo#brief}), where there is one. */
    public Optional<String> tcpInfoBrief() {
        return tcpInfo.map(TcpInfo::brief);
    }

    public String stateName() {
        return name(state);
    }

    /** The word reports use for a state: its name, or {@code NONE} for no socket. */
    static String name(Optional<TcpState> state) {
        return state.map(Enum::name).orElse("NONE");
    }
}

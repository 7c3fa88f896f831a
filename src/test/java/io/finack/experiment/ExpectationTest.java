package io.finack.experiment;

import io.finack.analysis.Flow;
import io.finack.analysis.ReconnectReply;
import io.finack.analysis.Verdict;
import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpectationTest {
    static final Flow FLOW = new Flow(Endpoint.of("127.0.0.1", 40000), Endpoint.of("127.0.0.1", 8080));
    static final Expectation.CloseOrder CLOSE = new Expectation.CloseOrder(
            List.of(Optional.of(TcpState.FIN_WAIT2), Optional.empty()), ReconnectReply.Kind.STALE_ACK);

    @SafeVarargs
    static List<StateObservation> observed(Optional<TcpState>... states) {
        List<StateObservation> list = new java.util.ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            list.add(new StateObservation(10 + i, 0, 5 + i, states[i]));
        }
        return list;
    }

    static Optional<ReconnectReply> reply(ReconnectReply.Kind kind) {
        return Optional.of(new ReconnectReply(kind, FLOW, 6, kind == ReconnectReply.Kind.NONE ? null : 7L, null,
                ReconnectReply.DEFAULT_INVALID_RATELIMIT));
    }

    @Test
    void aPathExpectationJudgesTheVerdictOnly() {
        Expectation.Path fast = new Expectation.Path(Verdict.FAST_RETRY);
        assertEquals("FAST_RETRY", fast.brief());
        assertEquals(Optional.empty(), fast.unmet(Optional.of(Verdict.FAST_RETRY), List.of(), Optional.empty()));
        assertEquals(Optional.of("path verdict RTO_RETRY, expected FAST_RETRY: " + Verdict.RTO_RETRY.meaning()),
                fast.unmet(Optional.of(Verdict.RTO_RETRY), List.of(), Optional.empty()));
    }

    @Test
    void aCloseOrderExpectationIsMetByTheStatesInOrderAndTheReply() {
        assertEquals("reconnect STALE_ACK", CLOSE.brief());
        assertEquals(Optional.empty(), CLOSE.unmet(Optional.of(Verdict.FAST_RETRY),
                observed(Optional.of(TcpState.FIN_WAIT2), Optional.empty()), reply(ReconnectReply.Kind.STALE_ACK)));
        // The path verdict is not its business: in-order-close's is NO_STALE_ACK.
        assertEquals(Optional.empty(), CLOSE.unmet(Optional.of(Verdict.NO_STALE_ACK),
                observed(Optional.of(TcpState.FIN_WAIT2), Optional.empty()), reply(ReconnectReply.Kind.STALE_ACK)));
    }

    @Test
    void everyDifferenceIsNamed() {
        assertEquals(Optional.of("kernel states: expected FIN_WAIT2 NONE, actual TIME_WAIT NONE\n"
                        + "reconnecting SYN: expected STALE_ACK, actual SYN_ACK (frame 6 -> 7): "
                        + ReconnectReply.Kind.SYN_ACK.meaning()),
                CLOSE.unmet(Optional.empty(), observed(Optional.of(TcpState.TIME_WAIT), Optional.empty()),
                        reply(ReconnectReply.Kind.SYN_ACK)));
        assertEquals(Optional.of("kernel states: expected FIN_WAIT2 NONE, actual FIN_WAIT2\n"
                        + "reconnecting SYN: expected STALE_ACK, actual no reconnecting SYN was sent"),
                CLOSE.unmet(Optional.empty(), observed(Optional.of(TcpState.FIN_WAIT2)), Optional.empty()));
    }
}

package io.finack.race;

import io.finack.tcp.TcpState;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomeTest {
    @Test
    void theThreeStatesTheRaceExplainsAreClassifiedAndOnlyFinWait2IsAHit() {
        assertEquals(Outcome.TIME_WAIT, Outcome.of(Optional.of(TcpState.TIME_WAIT)));
        assertEquals(Outcome.CLOSED, Outcome.of(Optional.empty()));
        assertEquals(Outcome.FIN_WAIT2, Outcome.of(Optional.of(TcpState.FIN_WAIT2)));
        for (Outcome o : EnumSet.of(Outcome.TIME_WAIT, Outcome.CLOSED, Outcome.FIN_WAIT2)) {
            assertTrue(o.classified(), o.name());
            assertEquals(o == Outcome.FIN_WAIT2, o.hit(), o.name());
        }
    }

    @Test
    void everyOtherStateIsUnclassifiedAndNoHit() {
        for (TcpState s : EnumSet.complementOf(EnumSet.of(TcpState.TIME_WAIT, TcpState.FIN_WAIT2))) {
            Outcome o = Outcome.of(Optional.of(s));
            assertEquals(Outcome.OTHER_STATE, o, s.name());
            assertFalse(o.classified() || o.hit(), s.name());
        }
        assertFalse(Outcome.HARNESS_ERROR.classified() || Outcome.HARNESS_ERROR.hit());
    }
}

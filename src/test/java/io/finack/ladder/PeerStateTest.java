package io.finack.ladder;

import io.finack.tcp.Flags;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The right side's states by RFC 9293's transitions, as far as its own segments and the answers show them. */
class PeerStateTest {
    /**
     * Each case: segments as "&gt;FLAGS" (sent by the right side) or "&lt;FLAGS" (received), and the
     * state after each, "-" where it did not change.
     */
    static Stream<Arguments> exchanges() {
        return Stream.of(
                Arguments.of("active open, active close", ">S <S. >. >F. <.", "SYN_SENT - ESTABLISHED FIN_WAIT1 -"),
                Arguments.of("passive open, passive close", "<S >S. <. <F. >. >F.", "- SYN_RECV ESTABLISHED CLOSE_WAIT - LAST_ACK"),
                Arguments.of("both close at once", ">S <S. >. >F. <F.", "SYN_SENT - ESTABLISHED FIN_WAIT1 CLOSING"),
                Arguments.of("a stale ACK changes nothing; a reset closes only a known state", "<S >. <R <S >S. <R",
                        "- - - - SYN_RECV CLOSED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void statesFollowTheSegments(String name, String segments, String expected) {
        PeerState peer = new PeerState();
        List<String> states = new ArrayList<>();
        for (String s : segments.split(" ")) {
            states.add(peer.next(s.charAt(0) == '>', Flags.parse(s.substring(1))).orElse("-"));
        }
        assertEquals(expected, String.join(" ", states), name);
    }
}

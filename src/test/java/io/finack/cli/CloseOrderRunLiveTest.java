package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack run} of a close-order experiment, from the command line to what a script reads:
 * the JSON's expectation, observed states with the frames they followed, and the reconnect's
 * answer; the text line that names the answer instead of the path verdict.
 */
@Privileged
class CloseOrderRunLiveTest {
    private static final List<String> RST_ACK_LOST_STATES =
            List.of("SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "FIN_WAIT2", "NONE", "SYN_RECV");

    @Test
    void theJsonCarriesTheExpectationTheStatesAndTheReconnectOnBothFamilies() throws Exception {
        CliOutcome o = CliOutcome.of("run", "rst-ack-lost", "--family", "both", "--json", "--no-pcap");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        JsonNode report = new ObjectMapper().readTree(o.out());
        JsonSchemas.RUN.assertValid(o.out());
        assertEquals(1, report.path("schema").asInt(), "additions only: the schema stays 1");
        JsonNode experiments = report.path("experiments");
        assertEquals(2, experiments.size(), o.out());
        for (JsonNode e : experiments) {
            assertEquals("PASS", e.path("outcome").asText(), o.out());
            assertTrue(e.path("expected").isNull(), "no path verdict is expected: " + e);
            JsonNode expectation = e.path("expectation");
            assertEquals("close_order", expectation.path("kind").asText());
            assertEquals(RST_ACK_LOST_STATES, texts(expectation.path("states")));
            assertEquals("STALE_ACK", expectation.path("reconnect").asText());

            List<String> states = new ArrayList<>();
            List<Long> afterFrames = new ArrayList<>();
            e.path("states").forEach(s -> {
                states.add(s.path("state").asText());
                afterFrames.add(s.path("after_frame").asLong());
            });
            assertEquals(RST_ACK_LOST_STATES, states, e.toString());
            assertEquals(List.of(2L, 3L, 4L, 5L, 7L, 8L, 10L), afterFrames, e.toString());

            JsonNode reconnect = e.path("reconnect");
            assertEquals("STALE_ACK", reconnect.path("reply").asText(), e.toString());
            assertEquals(6, reconnect.path("syn_frame").asInt());
            assertEquals(7, reconnect.path("reply_frame").asInt());
            assertTrue(reconnect.path("last_ack_frame").isNull());
            assertEquals(500, reconnect.path("invalid_ratelimit_ms").asInt(), "a fresh namespace's default: " + reconnect);
            assertTrue(reconnect.path("client").asText().endsWith(":40000"), reconnect.toString());
            // The stale ACK is in the frames where the reconnect says.
            assertEquals("kernel", e.path("frames").get(6).path("from").asText());
            assertEquals(7, e.path("frames").get(6).path("number").asInt());
        }
        for (JsonNode g : report.path("groups")) {
            assertEquals(1, g.path("reconnects").path("STALE_ACK").asInt(), g.toString());
        }
    }

    @Test
    void theTextLineNamesTheReconnectsAnswer() {
        CliOutcome o = CliOutcome.of("run", "in-order-close", "--no-pcap");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        List<String> lines = o.out().lines().toList();
        assertTrue(lines.get(0).matches("PASS  in-order-close +ipv4 reconnect SYN_ACK"), o.out());
        assertEquals("      kernel states (after frame): SYN_RECV (2) ESTABLISHED (3) FIN_WAIT1 (4) FIN_WAIT2 (5) "
                + "TIME_WAIT (7) SYN_RECV (9)", lines.get(1));
        assertEquals("      reconnecting SYN: SYN_ACK (frame 8 -> 9): a SYN/ACK: the new connection is accepted", lines.get(2));
        // Then the kernel's own account (docs/kernel-account.md), and the summary.
        assertTrue(lines.get(3).startsWith("      kernel counters moved: "), o.out());
        assertEquals("1 passed, 0 failed", lines.get(lines.size() - 1));
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}

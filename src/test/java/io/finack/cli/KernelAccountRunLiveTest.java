package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack run}'s JSON with the kernel's account: counters by name, tcp_info, the drop of an injected segment. */
@Privileged
class KernelAccountRunLiveTest {
    private static final String CLOSED_PORT = "src/test/resources/io/finack/experiment/account/closed-port.pkt";
    private static final String CHALLENGE = "src/test/resources/io/finack/experiment/account/rst-in-window.pkt";

    @Test
    void theJsonCarriesTheCountersTheTcpInfoAndTheDropReason() throws Exception {
        CliOutcome o = CliOutcome.of("run", CLOSED_PORT, CHALLENGE, "--json", "--no-pcap");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        JsonSchemas.RUN.assertValid(o.out());
        JsonNode experiments = new ObjectMapper().readTree(o.out()).path("experiments");
        JsonNode closed = experiments.get(0);
        assertEquals(1, closed.path("counters").path("moved").path("TcpOutRsts").asInt(), closed.toString());
        assertEquals(0, closed.path("counters").path("delta").path("TcpExtTCPChallengeACK").asInt(-1), "every counter is kept");
        JsonNode challenge = experiments.get(1);
        assertEquals(1, challenge.path("counters").path("moved").path("TcpExtTCPChallengeACK").asInt(), challenge.toString());
        JsonNode state = challenge.path("states").get(0);
        assertEquals("ESTABLISHED", state.path("state").asText());
        assertEquals(1, state.path("tcp_info").path("tcpi_state").asInt(), state.toString());
        assertTrue(state.path("tcp_info").path("tcpi_rto").asLong() > 0, state.toString());
        if (closed.path("drops").isNull()) {
            System.out.println("drop reasons not traced here (see finack doctor): the JSON's drop not checked");
            return;
        }
        System.out.println("drop reasons traced: " + closed.path("drops"));
        assertEquals("NO_SOCKET", closed.path("frames").get(0).path("drop").path("reason").asText(), closed.toString());
        assertEquals("TCP_RESET", challenge.path("frames").get(3).path("drop").path("reason").asText(), challenge.toString());
    }

    @Test
    void noDropReasonsLeavesThemOutAndSaysSoWithNull() throws Exception {
        CliOutcome o = CliOutcome.of("run", CLOSED_PORT, "--json", "--no-pcap", "--no-drop-reasons");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        JsonSchemas.RUN.assertValid(o.out());
        JsonNode closed = new ObjectMapper().readTree(o.out()).path("experiments").get(0);
        assertTrue(closed.path("drops").isNull(), closed.toString());
        assertTrue(closed.path("frames").get(0).path("drop").isMissingNode(), closed.toString());
    }
}

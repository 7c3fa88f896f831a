package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A script run's JSON where the script has python blocks and an inbound ICMP: its schema names both. */
@Privileged
class ScriptJsonLiveTest {
    private static final String PYTHON = "src/test/resources/io/finack/script/pass/python-tcp-info-server.pkt";
    private static final String ICMP = "src/test/resources/io/finack/script/packet/pass/icmp-frag-needed-ipv4.pkt";

    @Test
    void pythonReadingsAndIcmpMessagesAreInTheSchemasShape() throws Exception {
        // Lenient timing, as the other live script tests: the shape is under test here, not the timing.
        CliOutcome o = CliOutcome.of("run", PYTHON, ICMP, "--json", "--no-pcap", "--tolerance_usecs", "100000");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        JsonSchemas.RUN.assertValid(o.out());
        JsonNode experiments = new ObjectMapper().readTree(o.out()).path("experiments");
        JsonNode python = experiments.get(0).path("python");
        assertTrue(python.path("blocks").size() > 0, python.toString());
        assertTrue(python.path("blocks").get(0).path("tcp_info").has("tcpi_state"), python.toString());
        JsonNode icmp = experiments.get(1).path("icmp");
        assertEquals(1, icmp.size(), icmp.toString());
        assertEquals("harness", icmp.get(0).path("from").asText(), icmp.toString());
    }
}

package io.finack.cli;

import io.finack.script.BuiltinScripts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.analysis.PathFinding;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack analyze} on the pcap of a live syn-retry run (IPv4 and IPv6) finds the path the run found, frame for frame. */
@Privileged
class AnalyzeCommandLiveTest {
    @TempDir
    Path captures;

    @ParameterizedTest
    @EnumSource(Endpoint.Family.class)
    void analyzeFindsTheLiveRunsFastRetryInItsPcap(Endpoint.Family family) throws Exception {
        ExperimentResult result;
        try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, Optional.of(captures))) {
            result = runner.run(BuiltinScripts.named("syn-retry").orElseThrow(), family);
        }
        String story = result.reason().orElse("") + " frames: " + result.frames();
        assertEquals(ExperimentResult.Outcome.PASS, result.outcome(), story);
        PathFinding live = result.finding().orElseThrow();
        Path pcap = result.pcap().orElseThrow();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = new Main(o, e).execute(new String[] {"analyze", "--json", pcap.toString()});
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(ExitStatus.OK, status, printed + err.toString(StandardCharsets.UTF_8));

        JsonSchemas.ANALYZE.assertValid(printed);
        JsonNode file = new ObjectMapper().readTree(printed).get("files").get(0);
        assertEquals(result.frames().size(), file.get("frames").asInt(), "every frame of the run is in its pcap");
        assertEquals(1, file.get("verdicts").get("FAST_RETRY").asInt(), printed);
        JsonNode entered = null;
        int count = 0;
        for (JsonNode f : file.get("findings")) {
            if (!f.get("verdict").asText().equals("NO_STALE_ACK")) {
                entered = f;
                count++;
            }
        }
        assertEquals(1, count, "exactly one finding entered the path: " + printed);
        assertEquals("FAST_RETRY", entered.get("verdict").asText(), printed);
        JsonNode frames = entered.get("frames");
        assertEquals(live.synFrame(), frames.get("syn").asLong(), printed);
        assertEquals(live.staleAckFrame().longValue(), frames.get("stale_ack").asLong(), printed);
        assertEquals(live.rstFrame().longValue(), frames.get("rst").asLong(), printed);
        assertEquals(live.retryFrame().longValue(), frames.get("retry").asLong(), printed);
        assertEquals(live.rstToRetryMs(), entered.get("intervals_ms").get("rst_to_retry").asDouble(), 1e-6, printed);
        assertTrue(entered.get("client").asText().equals(live.flow().client().toString()), printed);
    }
}

package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.sandbox.NetNamespace;
import io.finack.sandbox.SandboxSpec;
import io.finack.script.BuiltinScripts;
import io.finack.tcp.Endpoint;
import io.finack.testing.Commands;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Poll;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code tcpdump -U -w - | finack analyze -} on lo of a namespace the test makes, while it runs
 * syn-retry and finwait2-stale-ack: the stream's findings are those of {@code finack analyze}
 * on the file tee wrote of the same stream.
 */
@Privileged
class AnalyzeStdinLiveTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final long EXIT_SECONDS = 60;

    @TempDir
    Path dir;

    /** Frames in a pcap still being written: its last record may be incomplete. */
    private static long framesIn(Path file) throws java.io.IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return new io.finack.capture.CaptureReader().read(in, file, v -> { }, w -> { }).summary().frames();
        }
    }

    @Test
    void tcpdumpsStreamGivesTheFindingsOfTheFile() throws Exception {
        Path file = dir.resolve("tee.pcap");
        Path tcpdumpErr = dir.resolve("tcpdump.stderr");
        Path out = dir.resolve("analyze.json");
        try (NetNamespace ns = NetNamespace.createFresh("analyze-stdin")) {
            ns.linkUp("lo");
            ns.call(() -> {
                List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                        new ProcessBuilder("tcpdump", "-i", "lo", "--immediate-mode", "-U", "-w", "-", "tcp").redirectError(tcpdumpErr.toFile()),
                        new ProcessBuilder("tee", file.toString()),
                        new ProcessBuilder(Commands.java(Main.class.getName(), "analyze", "--json", "-"))
                                .redirectOutput(out.toFile()).redirectError(dir.resolve("analyze.stderr").toFile())));
                Process tcpdump = pipeline.get(0);
                Process analyze = pipeline.get(2);
                try {
                    Poll.until("tcpdump's 'listening on lo'", START,
                            () -> Files.readString(tcpdumpErr).contains("listening on lo") ? Optional.of(true) : Optional.empty(),
                            () -> tcpdump.isAlive() ? Optional.empty() : Optional.of("tcpdump exited: " + Files.readString(tcpdumpErr)));
                    long frames = 0;
                    try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.CURRENT, Optional.empty())) {
                        for (String name : List.of("syn-retry", "finwait2-stale-ack")) {
                            ExperimentResult r = runner.run(BuiltinScripts.named(name).orElseThrow(), Endpoint.Family.IPV4);
                            assertEquals(ExperimentResult.Outcome.PASS, r.outcome(), name + ": " + r.reason().orElse(""));
                            frames += r.frames().size();
                        }
                    }
                    long runFrames = frames;
                    Poll.until("the runs' " + runFrames + " frames through tcpdump", START, () -> framesIn(file) >= runFrames
                            ? Optional.of(true) : Optional.empty(), () -> Optional.empty());
                    // tcpdump writes what it holds and exits; the pipe's end is the stream's.
                    Commands.run("kill", "-INT", Long.toString(tcpdump.pid()));
                    if (!analyze.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
                        fail("analyze - did not end with the stream: " + Files.readString(dir.resolve("analyze.stderr")));
                    }
                    assertEquals(ExitStatus.OK, analyze.exitValue(), Files.readString(dir.resolve("analyze.stderr")));
                } finally {
                    for (Process p : pipeline) {
                        p.destroyForcibly().waitFor();
                    }
                }
                return null;
            });
        }
        CliOutcome fromFile = CliOutcome.of("analyze", "--json", file.toString());
        assertEquals(ExitStatus.OK, fromFile.status(), fromFile.toString());
        JsonSchemas.ANALYZE.assertValid(Files.readString(out));
        ObjectNode streamed = (ObjectNode) new ObjectMapper().readTree(Files.readString(out)).get("files").get(0);
        ObjectNode read = (ObjectNode) new ObjectMapper().readTree(fromFile.out()).get("files").get(0);
        streamed.remove("file");
        read.remove("file");
        assertEquals(read, streamed);
        long chains = 0;
        for (JsonNode f : streamed.get("findings")) {
            chains += f.get("verdict").asText().equals("NO_STALE_ACK") ? 0 : 1;
        }
        assertEquals(2, chains, "syn-retry's chain and finwait2-stale-ack's: " + streamed);
    }
}

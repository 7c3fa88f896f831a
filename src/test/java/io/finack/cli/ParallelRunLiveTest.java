package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.experiment.Expectation;
import io.finack.experiment.Experiment;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.experiment.Plan;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import io.finack.wire.CapturedFrame;
import io.finack.wire.PcapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack run --repeat N --jobs 2 --in-flight 3}: the repetitions of a job share its
 * namespace and capture, several at once. Each must still pass with the experiment's verdict,
 * and each repetition's pcap must hold its own connection's frames and nothing else: as many as
 * a one-shot run of the experiment records, all between the same two endpoints.
 */
@Privileged
class ParallelRunLiveTest {
    private static final int REPEAT = 8;
    private static final int JOBS = 2;

    @TempDir
    Path out;

    @Test
    void everyRepetitionPassesAndItsPcapHoldsOnlyItsOwnFrames() throws Exception {
        List<Experiment> experiments = List.of(io.finack.script.BuiltinScripts.named("syn-retry").orElseThrow(),
                io.finack.script.BuiltinScripts.named("finwait2-stale-ack").orElseThrow());
        Map<String, Integer> oneShotFrames = new HashMap<>();
        try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, Optional.empty())) {
            for (Experiment e : experiments) {
                for (Endpoint.Family f : Endpoint.Family.values()) {
                    ExperimentResult one = runner.run(e, f);
                    assertEquals(ExperimentResult.Outcome.PASS, one.outcome(), one.reason().orElse(""));
                    oneShotFrames.put(e.name() + " " + f, one.frames().size());
                }
            }
        }

        List<String> args = new ArrayList<>(List.of("run", "--family", "both", "--repeat", Integer.toString(REPEAT),
                "--jobs", Integer.toString(JOBS), "--in-flight", "3", "--json", "--out", out.toString()));
        experiments.forEach(e -> args.add(e.name()));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            status = new Main(o, e).execute(args.toArray(String[]::new));
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(ExitStatus.OK, status, printed + stderr.toString(StandardCharsets.UTF_8));

        JsonSchemas.RUN.assertValid(printed);
        JsonNode runs = new ObjectMapper().readTree(printed).get("experiments");
        assertEquals(experiments.size() * 2 * REPEAT, runs.size(), printed);
        Map<String, Map<Set<Endpoint>, Integer>> connections = new HashMap<>();
        for (JsonNode run : runs) {
            String group = run.get("name").asText() + " " + run.get("family").asText();
            String story = group + ": " + run;
            Experiment experiment = io.finack.script.BuiltinScripts.named(run.get("name").asText()).orElseThrow();
            assertEquals("PASS", run.get("outcome").asText(), story);
            assertEquals(((Expectation.Path) experiment.expected()).verdict().name(), run.get("verdict").asText(), story);

            List<CapturedFrame> frames = new ArrayList<>();
            PcapReader.read(Path.of(run.get("pcap").asText()), frames::add);
            assertEquals(oneShotFrames.get(group), frames.size(), "frames of one repetition, as in a one-shot run: " + story);
            assertEquals(run.get("frames").size(), frames.size(), story);
            Set<Endpoint> connection = Set.of(frames.get(0).tcp().source(), frames.get(0).tcp().destination());
            for (CapturedFrame frame : frames) {
                assertEquals(connection, Set.of(frame.tcp().source(), frame.tcp().destination()),
                        "frame " + frame.number() + " of another connection in " + story);
            }
            connections.computeIfAbsent(group, g -> new HashMap<>()).merge(connection, 1, Integer::sum);
            if (run.get("pcap").asText().endsWith("-0001.pcap")) {
                Plan own = experiment.plan(Endpoint.Family.valueOf(run.get("family").asText().toUpperCase(java.util.Locale.ROOT)));
                assertEquals(Set.of(own.kernel(), own.harness()), connection, "repetition 1 on the experiment's own ports");
            }
        }
        // A job never reuses a connection's ports, so each 4-tuple occurs at most once a job.
        connections.forEach((group, seen) -> {
            assertTrue(seen.values().stream().allMatch(n -> n <= JOBS), group + ": " + seen);
            assertTrue(seen.size() >= REPEAT / JOBS, group + ": " + seen);
        });
        Set<String> names = new HashSet<>();
        runs.forEach(r -> names.add(Path.of(r.get("pcap").asText()).getFileName().toString()));
        assertEquals(runs.size(), names.size(), "one pcap a repetition");
    }
}

package io.finack.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.loop.LoopResult;
import io.finack.loop.LoopSpec;
import io.finack.loop.PathEntry;
import io.finack.loop.ReconnectLoop;
import io.finack.loop.WindowBounds;
import io.finack.sandbox.NetNamespace;
import io.finack.sandbox.SandboxSpec;
import io.finack.script.BuiltinScripts;
import io.finack.tcp.Endpoint;
import io.finack.testing.Commands;
import io.finack.testing.Poll;
import io.finack.testing.Privileged;
import io.finack.testing.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack watch} on lo of a namespace the test makes, while that namespace runs
 * syn-retry and finwait2-stale-ack (IPv4 and IPv6) and a reconnect loop: it reports exactly the chains those runs
 * produced, its Prometheus endpoint (scraped over HTTP, parsed by prometheus_client) counts the
 * same, and a signal ends it with status 0 and every evidence pcap readable by tshark.
 */
@Privileged
class WatchLiveTest {
    /** Long enough for the last frames to pass through a child JVM on a loaded machine. */
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final int LOOP_CONNECTIONS = 200;
    /** Free in the namespace the test makes; Prometheus' registry lists 9464 for Java exporters. */
    private static final int METRICS_PORT = 9464;

    @TempDir
    Path dir;

    /** A chain as both sides name it. */
    private record Chain(String verdict, String client, String server) {
        static Chain of(PathFinding f) {
            return new Chain(f.verdict().name(), f.flow().client().toString(), f.flow().server().toString());
        }

        static Chain of(JsonNode line) {
            return new Chain(line.path("verdict").asText(), line.path("client").asText(), line.path("server").asText());
        }
    }

    /** What the runs produced, by their own captures. */
    private static final class Expected {
        final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        final List<Chain> chains = new ArrayList<>();
        long lostSyns;

        Expected() {
            for (Verdict v : Verdict.values()) {
                verdicts.put(v, 0L);
            }
        }

        void add(CaptureAnalysis a) {
            a.verdictCounts().forEach((v, n) -> verdicts.merge(v, n, Long::sum));
            a.findings().stream().filter(f -> f.verdict() != Verdict.NO_STALE_ACK).forEach(f -> chains.add(Chain.of(f)));
            lostSyns += a.synRetransmissions();
        }

        void add(LoopResult loop) {
            loop.verdicts().forEach((v, n) -> verdicts.merge(v, n, Long::sum));
            loop.pathEntries().stream().map(PathEntry::finding).forEach(f -> chains.add(Chain.of(f)));
        }

        long attempts() {
            return verdicts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void watchReportsExactlyTheRunsChainsAndItsMetricsCountTheSame() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("watch-live")) {
            ns.linkUp("lo");
            ns.call(() -> {
                watchTheRuns();
                return null;
            });
        }
    }

    private void watchTheRuns() throws Exception {
        Path evidence = dir.resolve("evidence");
        // The filter keeps the test's scrapes of the endpoint (connections on lo too) out of the counts.
        try (WatchChild watch = WatchChild.start(dir, "watch", "--json-lines", "--interval", "1",
                "--metrics", "127.0.0.1:" + METRICS_PORT, "--out", evidence.toString(), "tcp", "and", "not", "port",
                Integer.toString(METRICS_PORT))) {
            Expected expected = new Expected();
            try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.CURRENT, Optional.of(dir.resolve("runs")))) {
                for (Endpoint.Family family : Endpoint.Family.values()) {
                    for (String name : List.of("syn-retry", "finwait2-stale-ack")) {
                        ExperimentResult r = runner.run(BuiltinScripts.named(name).orElseThrow(), family);
                        assertEquals(ExperimentResult.Outcome.PASS, r.outcome(), name + " " + family + ": " + r.reason().orElse(""));
                        expected.add(CaptureAnalysis.of(r.pcap().orElseThrow(), io.finack.analysis.StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT));
                    }
                }
            }
            expected.add(ReconnectLoop.run(new LoopSpec(Endpoint.Family.IPV4, new LoopSpec.Limit.Connections(LOOP_CONNECTIONS),
                    LoopSpec.DEFAULT_THRESHOLD, WindowBounds.DEFAULT, SandboxSpec.Mode.CURRENT), Optional.empty()));
            assertTrue(expected.chains.size() >= 4, "syn-retry and finwait2-stale-ack each enter the path, over IPv4 and IPv6: "
                    + expected.chains);

            // The endpoint, once watch has caught up with every attempt the runs made.
            Map<String, Double> metrics = Poll.until("watch's metrics to count " + expected.attempts() + " attempts", CATCH_UP,
                    () -> {
                        Map<String, Double> m = PrometheusText.samples(watch.metricsUrl());
                        double attempts = 0;
                        for (Verdict v : Verdict.values()) {
                            attempts += m.getOrDefault("finack_attempts_total{verdict=\"" + v + "\"}", 0.0);
                        }
                        return attempts >= expected.attempts() ? Optional.of(m) : Optional.empty();
                    }, () -> Optional.empty());
            for (Verdict v : Verdict.values()) {
                assertEquals((double) expected.verdicts.get(v), metrics.get("finack_attempts_total{verdict=\"" + v + "\"}"),
                        v + " in " + metrics);
            }
            assertEquals((double) expected.lostSyns, metrics.get("finack_lost_syns_total"), metrics.toString());
            assertEquals((double) expected.chains.size(), metrics.get("finack_rst_to_retry_seconds_count"), metrics.toString());
            assertEquals(0.0, metrics.get("finack_capture_dropped_frames_total"), metrics.toString());
            assertTrue(metrics.get("finack_capture_frames_total") > 7 * LOOP_CONNECTIONS, metrics.toString());

            JsonNode last = watch.stoppedBy("INT");

            List<Chain> reported = watch.lines("finding").stream().filter(l -> !l.path("verdict").asText().equals("NO_STALE_ACK"))
                    .map(Chain::of).toList();
            assertEquals(expected.chains.stream().sorted(java.util.Comparator.comparing(Chain::toString)).toList(),
                    reported.stream().sorted(java.util.Comparator.comparing(Chain::toString)).toList(), watch.output());
            for (Verdict v : Verdict.values()) {
                assertEquals((long) expected.verdicts.get(v), last.path("verdicts").path(v.name()).asLong(), watch.output());
            }
            assertEquals(0, last.path("dropped").asLong());
            assertEvidenceReadable(watch, last);
        }
    }

    /** Every evidence line names a pcap that tshark reads whole, with the frames the line says. */
    static void assertEvidenceReadable(WatchChild watch, JsonNode last) throws Exception {
        List<JsonNode> evidence = watch.lines("evidence");
        assertEquals(last.path("evidence_files").asLong(), evidence.size(), watch.output());
        assertTrue(evidence.size() >= 1, "a window around each chain: " + watch.output());
        for (JsonNode e : evidence) {
            Path pcap = Path.of(e.path("pcap").asText());
            assertTrue(Files.exists(pcap), pcap.toString());
            String frames = Commands.stdout("tshark", "-n", "-r", pcap.toString(), "-T", "fields", "-e", "frame.number");
            assertEquals(e.path("frames").asInt(), frames.strip().split("\n").length, pcap + ": " + frames);
            assertEquals(e.path("bytes").asLong(), Files.size(pcap), pcap.toString());
        }
    }

    @Test
    void sigtermRightAfterAFindingStillWritesItsWindowAndEndsWithStatusZero() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("watch-term")) {
            ns.linkUp("lo");
            ns.call(() -> {
                try (WatchChild watch = WatchChild.start(dir, "watch", "--json-lines", "--out", dir.resolve("evidence").toString())) {
                    try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.CURRENT, Optional.empty())) {
                        runner.run(BuiltinScripts.named("syn-retry").orElseThrow(), Endpoint.Family.IPV4);
                    }
                    Poll.until("the syn-retry chain's finding line", CATCH_UP, () -> watch.lines("finding").stream()
                            .filter(l -> !l.path("verdict").asText().equals("NO_STALE_ACK")).findFirst(), () -> Optional.empty());
                    JsonNode last = watch.stoppedBy("TERM");
                    assertEquals(1, last.path("verdicts").path("FAST_RETRY").asLong() + last.path("verdicts").path("RTO_RETRY").asLong(),
                            watch.output());
                    assertEvidenceReadable(watch, last);
                }
                return null;
            });
        }
    }
}

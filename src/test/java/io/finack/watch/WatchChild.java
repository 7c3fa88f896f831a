package io.finack.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.cli.Main;
import io.finack.testing.Commands;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code finack watch --json-lines} as a child JVM, started from the calling thread (so in its
 * network namespace), its stdout and stderr in files.
 */
final class WatchChild implements AutoCloseable {
    /** A child JVM's start on a loaded machine. */
    private static final Duration START = Duration.ofSeconds(60);
    private static final long EXIT_SECONDS = 60;
    private static final String READY = "finack watch: capturing on ";
    private static final Pattern METRICS = Pattern.compile("metrics at (http://\\S+/metrics)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Optional<String> metricsUrl;

    private WatchChild(Process process, Path stdout, Path stderr, Optional<String> metricsUrl) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.metricsUrl = metricsUrl;
    }

    /** Starts {@code finack watch ARGS} and returns once it says it captures (frames from then on are its). */
    static WatchChild start(Path dir, String... args) throws Exception {
        Path out = dir.resolve("watch.stdout");
        Path err = dir.resolve("watch.stderr");
        // SIGINT's default restored: a test run from a background job inherits it ignored.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(Commands.java(Main.class.getName(), args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        WatchChild child = new WatchChild(p, out, err, Optional.empty());
        String ready = Poll.until("watch's 'capturing on' line", START,
                () -> Files.readAllLines(err).stream().filter(l -> l.startsWith(READY)).findFirst(),
                () -> p.isAlive() ? Optional.empty() : Optional.of("watch exited: " + child.output()));
        Matcher metrics = METRICS.matcher(ready);
        return new WatchChild(p, out, err, metrics.find() ? Optional.of(metrics.group(1)) : Optional.empty());
    }

    String metricsUrl() {
        return metricsUrl.orElseThrow(() -> new AssertionError("watch serves no metrics"));
    }

    /** Sends {@code signal} (INT, TERM) and waits for the exit; returns the status. */
    int signal(String signal) throws Exception {
        Commands.run("kill", "-" + signal, Long.toString(process.pid()));
        if (!process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
            fail("watch did not exit within " + EXIT_SECONDS + " s of SIG" + signal + "; " + output());
        }
        return process.exitValue();
    }

    /** The JSON lines printed so far, each held to docs/schema/watch.json. */
    List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(stdout)) {
            JsonSchemas.WATCH.assertValid(line);
            lines.add(mapper.readTree(line));
        }
        return lines;
    }

    /** The lines of one type. */
    List<JsonNode> lines(String type) throws IOException {
        return lines().stream().filter(l -> l.path("type").asText().equals(type)).toList();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    String output() throws IOException {
        return "watch stdout:\n" + Files.readString(stdout) + "watch stderr:\n" + Files.readString(stderr);
    }

    /** Exit status 0 after SIG{@code signal}, with the last line the final summary. */
    JsonNode stoppedBy(String signal) throws Exception {
        assertEquals(0, signal(signal), output());
        List<JsonNode> lines = lines();
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("summary", last.path("type").asText(), output());
        assertEquals(true, last.path("last").asBoolean(), output());
        return last;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}

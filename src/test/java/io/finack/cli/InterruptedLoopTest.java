package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.testing.Commands;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Poll;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Ctrl-C in a long reconnect loop ends it with the report of the connections made, and the signal's exit status. */
@Privileged
class InterruptedLoopTest {
    /** A child JVM's start and the loop's set-up, on a loaded machine. */
    private static final Duration START = Duration.ofSeconds(30);
    private static final long EXIT_SECONDS = 30;
    private static final int SIGINT_STATUS = 128 + 2;
    /** The kernel's thread name: the loop's server thread, "server-reconnect-loop", cut to 15 characters. */
    private static final String SERVER_THREAD = "server-reconnec";

    @TempDir
    Path dir;

    @Test
    void sigintStopsTheLoopAndItsReportIsPrintedAndWritten() throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(Commands.java(Main.class.getName(), "run", "reconnect-loop", "--duration", "300", "--json",
                "--out", dir.resolve("captures").toString()));
        Process child = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        try {
            Poll.until("the loop's server thread in the child", START, () -> serverThread(child.pid()),
                    () -> child.isAlive() ? Optional.empty() : Optional.of("the child exited first: " + output()));
            Commands.run("kill", "-INT", Long.toString(child.pid()));
            if (!child.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
                fail("the child did not exit within " + EXIT_SECONDS + " s; " + output());
            }
            assertEquals(SIGINT_STATUS, child.exitValue(), output());
        } finally {
            child.destroyForcibly().waitFor();
        }
        JsonSchemas.RECONNECT_LOOP.assertValid(Files.readString(dir.resolve("stdout")));
        JsonNode loop = new ObjectMapper().readTree(Files.readString(dir.resolve("stdout"))).path("loops").get(0);
        assertTrue(loop.path("stopped").asBoolean(), output());
        long connections = loop.path("connections").asLong();
        assertTrue(connections >= 1, output());
        assertEquals(loop.path("syns_sent").asLong(), loop.path("capture").path("connections_seen").asLong(), output());
        try (Stream<Path> runs = Files.list(dir.resolve("captures"))) {
            Path run = runs.findFirst().orElseThrow();
            assertEquals(Files.readString(dir.resolve("stdout")), Files.readString(run.resolve("report.json")));
        }
    }

    private static Optional<Boolean> serverThread(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(SERVER_THREAD)) {
                        return Optional.of(true);
                    }
                } catch (IOException threadEnded) {
                    // a thread that ended between the listing and the read
                }
            }
        }
        return Optional.empty();
    }

    private String output() throws IOException {
        return "child stdout:\n" + Files.readString(dir.resolve("stdout")) + "child stderr:\n"
                + Files.readString(dir.resolve("stderr"));
    }
}

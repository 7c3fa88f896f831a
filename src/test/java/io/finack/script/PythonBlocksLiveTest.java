package io.finack.script;

import io.finack.cli.Main;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.ExperimentRunner;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.testing.Commands;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Python blocks against the live kernel, where they fail: at the line and in the words
 * packetdrill gives (checked against packetdrill on the same scripts). The passing ones are
 * scripts of {@code pass/} ({@link ScriptLiveTest}, both families).
 */
@Privileged
class PythonBlocksLiveTest {
    private static final Path SCRIPTS = Path.of("src/test/resources/io/finack/script");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            python-assertion.pkt     | IPV4 | 12 | error in Python code: AssertionError: 10
            python-assertion.pkt     | IPV6 | 12 | error in Python code: AssertionError: 10
            python-before-accept.pkt | IPV4 | 9  | runtime error in code: can't find getsockopt to get TCP info
            python-before-socket.pkt | IPV4 | 2  | runtime error in code: no socket to use for code
            python-not-reached.pkt   | IPV4 | 9  | SYN/ACK: frame #2 tcp_ack_seq: expected 2 vs actual 1
            """)
    void failsAtTheLineInPacketdrillsWords(String file, Endpoint.Family family, int line, String message) throws Exception {
        try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, Optional.empty())) {
            ExperimentResult result = runner.run(ScriptExperiment.fromFile(SCRIPTS.resolve("fail").resolve(file),
                    ScriptLiveTest.LENIENT), family);
            String reason = result.reason().orElse("");
            assertEquals(ExperimentResult.Outcome.FAIL, result.outcome(), reason);
            assertTrue(reason.startsWith(file + ":" + line + ": " + message), reason);
        }
    }

    /** Python's own account follows, in the script's lines: the failed assertion's line and its message. */
    @Test
    void aFailedAssertionSaysWhichLineAndWhatPythonSaid() throws Exception {
        try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, Optional.empty())) {
            ExperimentResult result = runner.run(ScriptExperiment.fromFile(SCRIPTS.resolve("fail/python-assertion.pkt"),
                    ScriptLiveTest.LENIENT), Endpoint.Family.IPV4);
            List<String> lines = result.reason().orElseThrow().lines().toList();
            assertEquals("python-assertion.pkt:12: error in Python code: AssertionError: 10", lines.get(0));
            assertTrue(lines.contains("    File \"python-assertion.pkt\", line 14, in <module>"), lines.toString());
            assertTrue(lines.contains("      assert tcpi_snd_cwnd == 11, tcpi_snd_cwnd"), lines.toString());
            assertEquals("  AssertionError: 10", lines.get(lines.size() - 1));
        }
    }

    /** Each block's reading is the socket under test's at its line, and goes into the JSON with what the blocks printed. */
    @Test
    void theReadingsOfEachBlockAreInTheResultAndItsJson(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path script = java.nio.file.Files.writeString(dir.resolve("readings.pkt"), String.join("\n",
                "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
                "+0 bind(3, ..., ...) = 0",
                "+0 listen(3, 1) = 0",
                "+0 %{ print('listening', tcpi_state == TCP_LISTEN) }%",
                "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>",
                "+0 > S. 0:0(0) ack 1 <...>",
                "+.05 < . 1:1(0) ack 1 win 257",
                "+0 accept(3, ..., ...) = 4",
                "+0 %{ print(tcpi_snd_mss) }%", ""));
        try (ExperimentRunner runner = new ExperimentRunner(SandboxSpec.Mode.FRESH, Optional.empty())) {
            ExperimentResult result = runner.run(ScriptExperiment.fromFile(script, ScriptLiveTest.LENIENT), Endpoint.Family.IPV6);
            assertEquals(ExperimentResult.Outcome.PASS, result.outcome(), result.reason().orElse(""));
            io.finack.python.PythonRun python = result.python().orElseThrow();
            assertEquals("listening True\n1000\n", python.output());
            assertEquals(List.of(4, 9), python.readings().stream().map(r -> r.block().line()).toList());
            assertEquals(10, python.readings().get(0).tcpInfo().get("tcpi_state").getAsLong());
            assertEquals(1, python.readings().get(1).tcpInfo().get("tcpi_state").getAsLong());
            var json = io.finack.report.JsonReport.document(List.of(result), new io.finack.report.JsonReport.RunContext("test",
                    "host", "kernel", java.time.Instant.EPOCH, "fresh", java.util.OptionalDouble.empty()));
            var blocks = json.path("experiments").path(0).path("python").path("blocks");
            assertEquals(9, blocks.path(1).path("line").asInt());
            assertEquals(1000, blocks.path(1).path("tcp_info").path("tcpi_snd_mss").asInt());
            assertEquals("listening True\n1000\n", json.path("experiments").path(0).path("python").path("output").asText());
        }
    }

    /** Without the interpreter nothing runs: one line naming the first block's line, and exit status 3. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            FINACK_PYTHON=/nonexistent/python3 | /nonexistent/python3 (FINACK_PYTHON) is not an executable file
            PATH=/usr/sbin:/sbin               | python3 is not on PATH (scripts/setup installs it; FINACK_PYTHON names another)
            """)
    void withoutTheInterpreterTheRunStopsInOneLine(String setting, String why) throws Exception {
        List<String> command = new ArrayList<>(List.of("env", setting));
        command.addAll(Commands.java(Main.class.getName(), "run", "--no-pcap",
                SCRIPTS.resolve("pass/python-tcp-info-server.pkt").toString()));
        Commands.Result result = Commands.execute(command);
        assertEquals(3, result.status(), result.toString());
        assertEquals("", result.stdout());
        assertEquals("finack: python-tcp-info-server.pkt:7: python blocks need a Python 3 interpreter, and " + why + "\n",
                result.stderr());
    }
}

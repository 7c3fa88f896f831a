package io.finack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.wire.PcapWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack analyze -}: a capture on standard input gives the findings the same capture as a file gives. */
class AnalyzeStdinTest {
    @TempDir
    Path dir;
    Path capture;
    byte[] bytes;

    @BeforeEach
    void writeCapture() throws Exception {
        capture = dir.resolve("mixed.pcap");
        PcapWriter.writeAll(capture, AnalyzeCommandTest.mixed().frames());
        bytes = Files.readAllBytes(capture);
    }

    private static CliOutcome stdin(byte[] input, String... args) {
        return CliOutcome.withInput(new ByteArrayInputStream(input), args);
    }

    @Test
    void theStreamsJsonDocumentIsTheFilesButForTheName() throws Exception {
        CliOutcome file = CliOutcome.of("analyze", "--json", capture.toString());
        CliOutcome streamed = stdin(bytes, "analyze", "--json", "-");

        assertEquals(ExitStatus.OK, streamed.status(), streamed.toString());
        ObjectNode fromFile = (ObjectNode) new ObjectMapper().readTree(file.out()).get("files").get(0);
        ObjectNode fromStream = (ObjectNode) new ObjectMapper().readTree(streamed.out()).get("files").get(0);
        assertEquals("-", fromStream.get("file").asText());
        fromFile.remove("file");
        fromStream.remove("file");
        assertEquals(fromFile, fromStream);
        assertTrue(fromStream.get("findings").size() >= 5, streamed.out());
    }

    @Test
    void textPrintsEachFindingsLineThenTheCounts() {
        CliOutcome file = CliOutcome.of("analyze", capture.toString());
        CliOutcome streamed = stdin(bytes, "analyze", "-");

        assertEquals(ExitStatus.OK, streamed.status(), streamed.toString());
        List<String> fileLines = Arrays.asList(file.out().split("\n"));
        List<String> findingLines = fileLines.stream().filter(l -> l.matches("  [A-Z_]+ +127\\..*")).toList();
        List<String> streamLines = Arrays.asList(streamed.out().split("\n"));
        // Findings come as decided: the order of their last frame, not of their SYN as in the file's list.
        assertEquals(findingLines.stream().sorted().toList(),
                streamLines.subList(0, findingLines.size()).stream().sorted().toList(), streamed.out());
        assertEquals(fileLines.get(0).replace(capture.toString(), "-"), streamLines.get(findingLines.size()),
                "then the file's head line");
        assertEquals(fileLines.stream().filter(l -> !findingLines.contains(l) && !l.startsWith("  FIN_WAIT_2 127")).skip(1).toList(),
                streamLines.subList(findingLines.size() + 1, streamLines.size()), "and its counts");
    }

    @Test
    void aCutStreamReportsWhatCameBeforeTheCutThenOneLineAndStatusTwo() {
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 10);
        long lastRecord = bytes.length - 16 - 54;

        CliOutcome o = stdin(cut, "analyze", "-");

        assertEquals(ExitStatus.USAGE, o.status(), o.toString());
        assertTrue(o.out().contains("FAST_RETRY   127.0.0.1:40001 -> 127.0.0.1:8080"), o.out());
        assertTrue(o.out().contains("-: 50 frames"), o.out());
        assertEquals("finack: -: capture file truncated in frame 51: 54 bytes captured, 44 left in the file at byte "
                + lastRecord + " (the stream was cut: what came before it is reported above)\n", o.err());
    }

    @Test
    void aPipeThatIsNoCaptureIsOneLineAndStatusTwo() {
        CliOutcome o = stdin("GET / HTTP/1.1\r\n\r\n".getBytes(), "analyze", "-");

        assertEquals(new CliOutcome(ExitStatus.USAGE, "",
                "finack: -: not a pcap or pcapng capture file: magic number 0x47455420 at byte 0\n"), o);
        assertEquals(new CliOutcome(ExitStatus.USAGE, "",
                "finack: -: not a pcap or pcapng capture file: 0 bytes, too short for a magic number at byte 0\n"),
                stdin(new byte[0], "analyze", "-"));
    }

    @Test
    void standardInputGoesAlone() {
        CliOutcome.assertUsageError("finack: analyze - reads standard input alone: no other file, --html or --ladder with it",
                "analyze", "-", capture.toString());
        CliOutcome.assertUsageError("finack: analyze - reads standard input alone: no other file, --html or --ladder with it",
                "analyze", "--ladder", "-");
    }

    @Test
    void helpNamesTheStreamAndItsExitStatus() {
        String help = CliOutcome.of("analyze", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("(tcpdump -U -w - | finack analyze -)"), help);
        assertTrue(help.contains("a stream that is not a capture or is cut mid-record"), help);
    }
}

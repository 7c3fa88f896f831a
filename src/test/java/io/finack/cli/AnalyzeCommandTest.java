package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.capture.CaptureReaderAgreementTest;
import io.finack.tcp.Endpoint;
import io.finack.testing.JsonSchemas;
import io.finack.testing.TraceBuilder;
import io.finack.wire.PcapWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.finack.analysis.FlowTrackingTest.finAck;
import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.rstAck;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack analyze} on pcap files written from synthetic frames with known answers: FAST_RETRY,
 * RTO_RETRY and NO_RETRY chains, a FAST_RETRY after a FIN_WAIT_2 close, and decoys that must not
 * count as the path (a normal handshake, a SYN answered by RST/ACK from a closed port, a lost SYN
 * re-sent and then answered, a SYN re-sent with no answer at all, an RST whose seq is not the
 * stale ACK's ack, an accepted TIME_WAIT reuse), interleaved as a busy capture would have them.
 */
class AnalyzeCommandTest {
    private static final String RETRANSMITTED_SYN_NOTE =
            "the stale ACK answered a retransmitted SYN, which the fix does not speed up";
    private static final Endpoint SERVER = Endpoint.of("127.0.0.1", 8080);
    private static final Endpoint FAST = Endpoint.of("127.0.0.1", 40001);
    private static final Endpoint RTO = Endpoint.of("127.0.0.1", 40002);
    private static final Endpoint NORMAL = Endpoint.of("127.0.0.1", 40003);
    private static final Endpoint REFUSED = Endpoint.of("127.0.0.1", 40004);
    private static final Endpoint LOST = Endpoint.of("127.0.0.1", 40005);
    private static final Endpoint NO_RETRY = Endpoint.of("127.0.0.1", 40006);
    private static final Endpoint WRONG_RST = Endpoint.of("127.0.0.1", 40007);
    private static final Endpoint TIME_WAIT = Endpoint.of("127.0.0.1", 40008);
    private static final Endpoint SILENT = Endpoint.of("127.0.0.1", 40009);
    private static final Endpoint FIN_WAIT_2 = Endpoint.of("127.0.0.1", 40010);
    /** The old connection's numbers a FIN_WAIT_2 timewait socket answers with (seq 1, ack 5 in the seed's trace). */
    private static final long OLD_SEQ = 1;
    private static final long STALE_ACK = 5;
    private static final long SERVER_ISN = 9_000_000;

    @TempDir
    Path dir;
    Path capture;

    private static CliOutcome finack(String... args) {
        return CliOutcome.of(args);
    }

    /** The mixed capture; the comments give each frame's number, the gaps are microseconds. */
    static TraceBuilder mixed() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, FAST, SERVER, syn(1_000_000));                            // 1
        t.after(10, NORMAL, SERVER, syn(3_000_000));                         // 2
        t.after(40, SERVER, FAST, ack(OLD_SEQ, STALE_ACK));                  // 3  stale ACK 50 us after the SYN
        t.after(10, SERVER, NORMAL, synAck(SERVER_ISN, 3_000_001));          // 4
        t.after(40, FAST, SERVER, rst(STALE_ACK));                           // 5  RST 50 us after the stale ACK
        t.after(20, NORMAL, SERVER, ack(3_000_001, SERVER_ISN + 1));         // 6
        t.after(30, REFUSED, SERVER, syn(4_000_000));                        // 7
        t.after(20, SERVER, REFUSED, rstAck(0, 4_000_001));                  // 8
        t.after(11_430, FAST, SERVER, syn(1_000_000));                       // 9  retry 11.5 ms after the RST
        t.after(42, SERVER, FAST, synAck(SERVER_ISN, 1_000_001));            // 10
        t.after(18, FAST, SERVER, ack(1_000_001, SERVER_ISN + 1));           // 11
        t.after(1_000, RTO, SERVER, syn(2_000_000));                         // 12
        t.after(10, LOST, SERVER, syn(5_000_000));                           // 13
        t.after(999_990, RTO, SERVER, syn(2_000_000));                       // 14 RTO's SYN re-sent after 1 s
        t.after(10, LOST, SERVER, syn(5_000_000));                           // 15 LOST's too
        t.after(40, SERVER, RTO, ack(OLD_SEQ, STALE_ACK));                   // 16 stale ACK to the re-sent SYN
        t.after(10, SERVER, LOST, synAck(SERVER_ISN, 5_000_001));            // 17
        t.after(40, RTO, SERVER, rst(STALE_ACK));                            // 18
        t.after(10, LOST, SERVER, ack(5_000_001, SERVER_ISN + 1));           // 19
        t.after(1_019_990, RTO, SERVER, syn(2_000_000));                     // 20 retry 1020 ms after the RST
        t.after(42, SERVER, RTO, synAck(SERVER_ISN, 2_000_001));             // 21
        t.after(18, RTO, SERVER, ack(2_000_001, SERVER_ISN + 1));            // 22
        t.after(500, NO_RETRY, SERVER, syn(6_000_000));                      // 23
        t.after(60, SERVER, NO_RETRY, ack(OLD_SEQ, STALE_ACK));              // 24
        t.after(30, NO_RETRY, SERVER, rst(STALE_ACK));                       // 25
        // Decoys: none of these may count as the path.
        t.after(100, WRONG_RST, SERVER, syn(7_000_000));                     // 26
        t.after(50, SERVER, WRONG_RST, ack(OLD_SEQ, STALE_ACK));             // 27
        t.after(30, WRONG_RST, SERVER, rst(999));                            // 28 an RST whose seq is not the stale ack
        t.after(100, TIME_WAIT, SERVER, syn(8_000_000));                     // 29
        t.after(30, SERVER, TIME_WAIT, synAck(SERVER_ISN, 8_000_001));       // 30
        t.after(20, TIME_WAIT, SERVER, ack(8_000_001, SERVER_ISN + 1));      // 31
        t.after(300, TIME_WAIT, SERVER, finAck(8_000_001, SERVER_ISN + 1));  // 32 both sides close
        t.after(30, SERVER, TIME_WAIT, finAck(SERVER_ISN + 1, 8_000_002));   // 33
        t.after(20, TIME_WAIT, SERVER, ack(8_000_002, SERVER_ISN + 2));      // 34
        t.after(1_000, TIME_WAIT, SERVER, syn(8_500_000));                   // 35 reuse of the 4-tuple, accepted
        t.after(30, SERVER, TIME_WAIT, synAck(SERVER_ISN, 8_500_001));       // 36
        t.after(20, TIME_WAIT, SERVER, ack(8_500_001, SERVER_ISN + 1));      // 37
        t.after(100, SILENT, SERVER, syn(9_000_000));                        // 38 never answered
        t.after(1_000_000, SILENT, SERVER, syn(9_000_000));                  // 39
        t.after(2_000_000, SILENT, SERVER, syn(9_000_000));                  // 40
        // The FIN_WAIT_2 story: the server closes, the client acks and never closes, then reconnects.
        t.after(100, FIN_WAIT_2, SERVER, syn(10_000_000));                   // 41
        t.after(30, SERVER, FIN_WAIT_2, synAck(SERVER_ISN, 10_000_001));     // 42
        t.after(20, FIN_WAIT_2, SERVER, ack(10_000_001, SERVER_ISN + 1));    // 43
        t.after(300, SERVER, FIN_WAIT_2, finAck(SERVER_ISN + 1, 10_000_001)); // 44
        t.after(30, FIN_WAIT_2, SERVER, ack(10_000_001, SERVER_ISN + 2));    // 45
        t.after(5_000, FIN_WAIT_2, SERVER, syn(11_000_000));                 // 46
        t.after(40, SERVER, FIN_WAIT_2, ack(SERVER_ISN + 2, 10_000_001));    // 47 the stale ACK: the old rcv_nxt
        t.after(30, FIN_WAIT_2, SERVER, rst(10_000_001));                    // 48
        t.after(8_000, FIN_WAIT_2, SERVER, syn(11_000_000));                 // 49
        t.after(40, SERVER, FIN_WAIT_2, synAck(SERVER_ISN, 11_000_001));     // 50
        t.after(20, FIN_WAIT_2, SERVER, ack(11_000_001, SERVER_ISN + 1));    // 51 and the capture ends
        return t;
    }

    @BeforeEach
    void writeCapture() throws Exception {
        capture = dir.resolve("mixed.pcap");
        PcapWriter.writeAll(capture, mixed().frames());
    }

    @Test
    void textCountsEveryAttemptAndListsThePathLostSynsAndFinWait2ButNoDecoy() {
        CliOutcome o = finack("analyze", capture.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.err(), o.toString());
        assertEquals(capture + ": 51 frames, 12 TCP connection attempts\n"
                + "  read: pcap (nanosecond), 51 TCP frames, 0 cut by the snap length before the TCP header ended\n"
                + "  verdicts: FAST_RETRY 2, RTO_RETRY 1, NO_STALE_ACK 7, NO_RST 1, NO_RETRY 1\n"
                + "  lost SYNs: 4 SYN retransmissions with no stale ACK before them, in 3 attempts\n"
                + "  FIN_WAIT_2: 0 flows left with a FIN acked and no FIN back\n"
                + "  FAST_RETRY   127.0.0.1:40001 -> 127.0.0.1:8080  frames syn 1, stale ack 3, rst 5, retry 9"
                + "  syn->stale ack 0.05 ms  stale ack->rst 0.05 ms  rst->retry 11.50 ms\n"
                + "  RTO_RETRY    127.0.0.1:40002 -> 127.0.0.1:8080  frames syn 14, stale ack 16, rst 18, retry 20"
                + "  syn->stale ack 0.05 ms  stale ack->rst 0.05 ms  rst->retry 1020 ms  (" + RETRANSMITTED_SYN_NOTE + ")\n"
                + "  NO_STALE_ACK 127.0.0.1:40005 -> 127.0.0.1:8080  frames syn 15, stale ack -, rst -, retry -"
                + "  (1 lost SYN re-sent before it; SYN answered by SYN/ACK in frame 17)\n"
                + "  NO_RETRY     127.0.0.1:40006 -> 127.0.0.1:8080  frames syn 23, stale ack 24, rst 25, retry -"
                + "  syn->stale ack 0.06 ms  stale ack->rst 0.03 ms  (no SYN retry before the capture ended)\n"
                + "  NO_RST       127.0.0.1:40007 -> 127.0.0.1:8080  frames syn 26, stale ack 27, rst 28, retry -"
                + "  syn->stale ack 0.05 ms  stale ack->rst 0.03 ms"
                + "  (RST seq 999 does not match the stale ACK's ack 5; no SYN retry before the capture ended)\n"
                + "  NO_STALE_ACK 127.0.0.1:40009 -> 127.0.0.1:8080  frames syn 40, stale ack -, rst -, retry -"
                + "  (2 lost SYNs re-sent before it; no answer to the SYN before the capture ended)\n"
                + "  FAST_RETRY   127.0.0.1:40010 -> 127.0.0.1:8080  frames syn 46, stale ack 47, rst 48, retry 49"
                + "  syn->stale ack 0.04 ms  stale ack->rst 0.03 ms  rst->retry 8.00 ms"
                + "  (after FIN_WAIT_2: 127.0.0.1:8080's FIN (frame 44) acked in frame 45, no FIN from 127.0.0.1:40010)\n",
                o.out());
    }

    @Test
    void aLowerFastLimitMakesTheFastRetryAnRtoRetry() {
        CliOutcome o = finack("analyze", "--fast-limit", "10", capture.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertTrue(o.out().contains("\n  verdicts: FAST_RETRY 1, RTO_RETRY 2, NO_STALE_ACK 7, NO_RST 1, NO_RETRY 1\n"), o.out());
        assertTrue(o.out().contains("\n  RTO_RETRY    127.0.0.1:40001 -> 127.0.0.1:8080  frames syn 1, stale ack 3, rst 5, retry 9"), o.out());
    }

    @Test
    void jsonHoldsTheCountsAndEveryListedFinding() throws Exception {
        CliOutcome o = finack("analyze", "--json", capture.toString(), capture.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.err(), o.toString());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        JsonSchemas.ANALYZE.assertValid(o.out());
        assertEquals(1, doc.get("schema").asInt());
        assertEquals("finack " + Main.VERSION, doc.get("tool").asText());
        assertEquals(2, doc.get("files").size(), "one entry a file given");
        JsonNode file = doc.get("files").get(0);
        assertEquals(capture.toString(), file.get("file").asText());
        assertEquals("pcap (nanosecond)", file.get("format").asText());
        assertEquals(51, file.get("frames").asLong());
        assertEquals(51, file.get("tcp_frames").asLong());
        assertEquals(0, file.get("cut_tcp_headers").asLong());
        assertEquals(0, file.get("warnings").size());
        assertEquals(200.0, file.get("fast_retry_limit_ms").asDouble());
        assertEquals(12, file.get("attempts").asInt());
        assertEquals(new ObjectMapper().readTree(
                "{\"FAST_RETRY\":2,\"RTO_RETRY\":1,\"NO_STALE_ACK\":7,\"NO_RST\":1,\"NO_RETRY\":1}"), file.get("verdicts"));
        assertEquals(4, file.get("syn_retransmissions").asInt());
        assertEquals(3, file.get("attempts_with_syn_retransmissions").asInt());
        assertEquals(0, file.get("unlisted").asInt());
        assertEquals(0, file.get("fin_wait2").size());

        JsonNode findings = file.get("findings");
        List<String> verdicts = List.of("FAST_RETRY", "RTO_RETRY", "NO_STALE_ACK", "NO_RETRY", "NO_RST", "NO_STALE_ACK", "FAST_RETRY");
        List<Integer> synFrames = List.of(1, 14, 15, 23, 26, 40, 46);
        assertEquals(verdicts.size(), findings.size());
        for (int i = 0; i < findings.size(); i++) {
            assertEquals(verdicts.get(i), findings.get(i).get("verdict").asText(), "finding " + i);
            assertEquals(synFrames.get(i), findings.get(i).get("frames").get("syn").asInt(), "finding " + i);
        }

        JsonNode fast = findings.get(0);
        assertEquals("127.0.0.1:40001", fast.get("client").asText());
        assertEquals("127.0.0.1:8080", fast.get("server").asText());
        assertEquals(3, fast.get("frames").get("stale_ack").asInt());
        assertEquals(5, fast.get("frames").get("rst").asInt());
        assertEquals(9, fast.get("frames").get("retry").asInt());
        assertEquals(STALE_ACK, fast.get("stale_ack_number").asLong());
        assertEquals(STALE_ACK, fast.get("rst_seq").asLong());
        assertEquals(0.05, fast.get("intervals_ms").get("syn_to_stale_ack").asDouble(), 1e-9);
        assertEquals(0.05, fast.get("intervals_ms").get("stale_ack_to_rst").asDouble(), 1e-9);
        assertEquals(11.5, fast.get("intervals_ms").get("rst_to_retry").asDouble(), 1e-9);
        assertTrue(fast.get("fin_wait2").isNull());

        JsonNode rto = findings.get(1);
        assertEquals(1, rto.get("syn_retransmissions").asInt());
        assertEquals(1020.0, rto.get("intervals_ms").get("rst_to_retry").asDouble(), 1e-9);
        assertEquals(RETRANSMITTED_SYN_NOTE, rto.get("detail").asText());

        JsonNode lost = findings.get(2);
        assertEquals(1, lost.get("syn_retransmissions").asInt());
        assertTrue(lost.get("frames").get("stale_ack").isNull(), lost.toString());
        assertEquals("SYN answered by SYN/ACK in frame 17", lost.get("detail").asText());
        assertEquals(0, lost.get("intervals_ms").size());

        JsonNode noRetry = findings.get(3);
        assertTrue(noRetry.get("frames").get("retry").isNull(), noRetry.toString());

        JsonNode afterFinWait2 = findings.get(6);
        assertEquals(new ObjectMapper().readTree(
                "{\"closer\":\"127.0.0.1:8080\",\"peer\":\"127.0.0.1:40010\",\"fin_frame\":44,\"ack_frame\":45}"),
                afterFinWait2.get("fin_wait2"));
        assertEquals(doc.get("files").get(1).get("findings"), findings, "the same file twice, the same findings");
    }

    @Test
    void aTruncatedFileIsStatusTwoAndOneLineWithTheOffset() throws Exception {
        byte[] whole = Files.readAllBytes(capture);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));

        CliOutcome o = finack("analyze", capture.toString(), cut.toString());

        assertEquals(ExitStatus.USAGE, o.status(), o.toString());
        assertEquals("", o.out(), "nothing printed for the files before it: " + o);
        long lastRecord = whole.length - 16 - 54;
        assertEquals("finack: " + cut + ": capture file truncated in frame 51: 54 bytes captured, 44 left in the file at byte "
                + lastRecord + "\n", o.err());
    }

    @Test
    void aTextFileIsStatusTwoAndOneLine() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a capture\n".repeat(20));

        CliOutcome o = finack("analyze", text.toString());

        assertEquals(new CliOutcome(ExitStatus.USAGE, "",
                "finack: " + text + ": not a pcap or pcapng capture file: magic number 0x6e6f7420 at byte 0\n"), o);
    }

    @Test
    void aPcapngWithAnUnknownBlockIsReadWithAWarningOnStderrAndInTheReport() throws Exception {
        Path pcapng = dir.resolve("mixed.pcapng");
        // editcap (wireshark-common) converts the pcap; the unknown block is appended by hand.
        Process p;
        try {
            p = new ProcessBuilder("editcap", "-F", "pcapng", capture.toString(), pcapng.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("editcap (Debian's wireshark-common) is missing: scripts/setup installs it", e);
        }
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        CaptureReaderAgreementTest.assertAgreesWithLibpcap(pcapng, 14);
        long unknownAt = Files.size(pcapng);
        java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        block.putInt(0x0000_7777).putInt(16).putInt(0).putInt(16);
        Files.write(pcapng, block.array(), java.nio.file.StandardOpenOption.APPEND);

        CliOutcome o = finack("analyze", pcapng.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        String warning = "byte " + unknownAt + ": unknown pcapng block type 0x7777 (16 bytes) skipped";
        assertEquals("finack: warning: " + pcapng + ": " + warning + "\n", o.err());
        assertTrue(o.out().contains("\n  read: pcapng, 51 TCP frames,"), o.out());
        assertTrue(o.out().contains("\n  warning: " + warning + "\n"), o.out());
        assertTrue(o.out().contains("\n  verdicts: FAST_RETRY 2, RTO_RETRY 1, NO_STALE_ACK 7, NO_RST 1, NO_RETRY 1\n"), o.out());
        CliOutcome json = finack("analyze", "--json", pcapng.toString());
        JsonSchemas.ANALYZE.assertValid(json.out());
        assertEquals(warning, new ObjectMapper().readTree(json.out()).get("files").get(0).get("warnings").get(0).asText());
    }

    @Test
    void aMissingFileIsStatusTwoAndOneLine() {
        Path missing = dir.resolve("missing.pcap");

        assertEquals(new CliOutcome(ExitStatus.USAGE, "", "finack: " + missing + ": capture file not found\n"),
                finack("analyze", missing.toString()));
    }

    @Test
    void badFlowLimitsAreUsageErrors() {
        assertEquals(new CliOutcome(ExitStatus.USAGE, "", "finack: --max-flows must be a whole number of flows > 0, not '0'\n"),
                finack("analyze", "--max-flows", "0", capture.toString()));
        assertEquals(new CliOutcome(ExitStatus.USAGE, "", "finack: --idle-timeout must be a whole number of seconds > 0, not 'x'\n"),
                finack("analyze", "--idle-timeout", "x", capture.toString()));
    }

    @Test
    void noFileOrABadLimitIsAUsageError() {
        assertEquals(new CliOutcome(ExitStatus.USAGE, "", "finack: analyze needs at least one capture file, or '-' for standard input\n"),
                finack("analyze"));
        for (String limit : List.of("0", "-5", "x", "NaN", "1e-9")) {
            assertEquals(new CliOutcome(ExitStatus.USAGE, "",
                    "finack: --fast-limit must be a number of milliseconds > 0, not '" + limit + "'\n"),
                    finack("analyze", "--fast-limit=" + limit, capture.toString()), limit);
        }
    }
}

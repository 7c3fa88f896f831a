package io.finack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.tcp.Endpoint;
import io.finack.testing.TraceBuilder;
import io.finack.wire.PcapWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.rstAck;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code finack analyze} on pcap files written from synthetic frames: one FAST_RETRY chain, one
 * RTO_RETRY chain, one NO_RETRY chain and three decoys (a normal handshake, a SYN answered by
 * RST/ACK, a lost SYN re-sent and then answered), interleaved as a busy capture would have them.
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
        t.after(30, NO_RETRY, SERVER, rst(STALE_ACK));                       // 25 and the capture ends
        return t;
    }

    @BeforeEach
    void writeCapture() throws Exception {
        capture = dir.resolve("mixed.pcap");
        PcapWriter.writeAll(capture, mixed().frames());
    }

    @Test
    void textCountsEveryAttemptAndListsThoseThatEnteredThePath() {
        CliOutcome o = finack("analyze", capture.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.err(), o.toString());
        assertEquals(capture + ": 25 frames, 6 TCP connection attempts\n"
                + "  verdicts: FAST_RETRY 1, RTO_RETRY 1, NO_STALE_ACK 3, NO_RST 0, NO_RETRY 1\n"
                + "  lost SYNs: 2 SYN retransmissions with no stale ACK before them, in 2 attempts\n"
                + "  FAST_RETRY 127.0.0.1:40001 -> 127.0.0.1:8080  frames syn 1, stale ack 3, rst 5, retry 9"
                + "  syn->stale ack 0.05 ms  stale ack->rst 0.05 ms  rst->retry 11.50 ms\n"
                + "  RTO_RETRY  127.0.0.1:40002 -> 127.0.0.1:8080  frames syn 14, stale ack 16, rst 18, retry 20"
                + "  syn->stale ack 0.05 ms  stale ack->rst 0.05 ms  rst->retry 1020 ms  (" + RETRANSMITTED_SYN_NOTE + ")\n"
                + "  NO_RETRY   127.0.0.1:40006 -> 127.0.0.1:8080  frames syn 23, stale ack 24, rst 25, retry -"
                + "  syn->stale ack 0.06 ms  stale ack->rst 0.03 ms  (no SYN retry before the capture ended)\n",
                o.out());
    }

    @Test
    void aLowerFastLimitMakesTheFastRetryAnRtoRetry() {
        CliOutcome o = finack("analyze", "--fast-limit", "10", capture.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertTrue(o.out().contains("\n  verdicts: FAST_RETRY 0, RTO_RETRY 2, NO_STALE_ACK 3, NO_RST 0, NO_RETRY 1\n"), o.out());
        assertTrue(o.out().contains("\n  RTO_RETRY  127.0.0.1:40001 -> 127.0.0.1:8080  frames syn 1, stale ack 3, rst 5, retry 9"), o.out());
    }

    @Test
    void jsonHoldsTheCountsAndEveryFindingWithItsVerdict() throws Exception {
        CliOutcome o = finack("analyze", "--json", capture.toString(), capture.toString());

        assertEquals(ExitStatus.OK, o.status(), o.toString());
        assertEquals("", o.err(), o.toString());
        JsonNode doc = new ObjectMapper().readTree(o.out());
        assertEquals(1, doc.get("schema").asInt());
        assertEquals("finack " + Main.VERSION, doc.get("tool").asText());
        assertEquals(2, doc.get("files").size(), "one entry a file given");
        JsonNode file = doc.get("files").get(0);
        assertEquals(capture.toString(), file.get("file").asText());
        assertEquals(25, file.get("frames").asLong());
        assertEquals(200.0, file.get("fast_retry_limit_ms").asDouble());
        assertEquals(6, file.get("attempts").asInt());
        assertEquals(new ObjectMapper().readTree(
                "{\"FAST_RETRY\":1,\"RTO_RETRY\":1,\"NO_STALE_ACK\":3,\"NO_RST\":0,\"NO_RETRY\":1}"), file.get("verdicts"));
        assertEquals(2, file.get("syn_retransmissions").asInt());
        assertEquals(2, file.get("attempts_with_syn_retransmissions").asInt());

        JsonNode findings = file.get("findings");
        assertEquals(6, findings.size());
        List<String> verdicts = List.of("FAST_RETRY", "NO_STALE_ACK", "NO_STALE_ACK", "RTO_RETRY", "NO_STALE_ACK", "NO_RETRY");
        List<Integer> synFrames = List.of(1, 2, 7, 14, 15, 23);
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

        JsonNode rto = findings.get(3);
        assertEquals(1, rto.get("syn_retransmissions").asInt());
        assertEquals(1020.0, rto.get("intervals_ms").get("rst_to_retry").asDouble(), 1e-9);
        assertEquals(RETRANSMITTED_SYN_NOTE, rto.get("detail").asText());

        JsonNode refused = findings.get(2);
        assertTrue(refused.get("frames").get("stale_ack").isNull(), refused.toString());
        assertEquals("SYN answered by RST/ACK in frame 8", refused.get("detail").asText());
        assertEquals(0, refused.get("intervals_ms").size());

        JsonNode lost = findings.get(4);
        assertEquals(1, lost.get("syn_retransmissions").asInt());
        assertEquals("SYN answered by SYN/ACK in frame 17", lost.get("detail").asText());

        JsonNode noRetry = findings.get(5);
        assertTrue(noRetry.get("frames").get("retry").isNull(), noRetry.toString());
        assertEquals(doc.get("files").get(1).get("findings"), findings, "the same file twice, the same findings");
    }

    @Test
    void aTruncatedFileIsStatusTwoAndOneLine() throws Exception {
        byte[] whole = Files.readAllBytes(capture);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));

        CliOutcome o = finack("analyze", capture.toString(), cut.toString());

        assertEquals(ExitStatus.USAGE, o.status(), o.toString());
        assertEquals("", o.out(), "nothing printed for the files before it: " + o);
        assertTrue(o.err().startsWith("finack: " + cut + ": capture file truncated in the middle of frame 25 (libpcap: "),
                o.toString());
        assertEquals(1, o.err().lines().count(), o.toString());
    }

    @Test
    void aTextFileIsStatusTwoAndOneLine() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a capture\n".repeat(20));

        CliOutcome o = finack("analyze", text.toString());

        assertEquals(new CliOutcome(ExitStatus.USAGE, "",
                "finack: " + text + ": not a pcap or pcapng capture file (libpcap: unknown file format)\n"), o);
    }

    @Test
    void aMissingFileIsStatusTwoAndOneLine() {
        Path missing = dir.resolve("missing.pcap");

        assertEquals(new CliOutcome(ExitStatus.USAGE, "", "finack: " + missing + ": capture file not found\n"),
                finack("analyze", missing.toString()));
    }

    @Test
    void noFileOrABadLimitIsAUsageError() {
        assertEquals(new CliOutcome(ExitStatus.USAGE, "", "finack: analyze needs at least one capture file\n"),
                finack("analyze"));
        for (String limit : List.of("0", "-5", "x", "NaN", "1e-9")) {
            assertEquals(new CliOutcome(ExitStatus.USAGE, "",
                    "finack: --fast-limit must be a number of milliseconds > 0, not '" + limit + "'\n"),
                    finack("analyze", "--fast-limit=" + limit, capture.toString()), limit);
        }
    }
}

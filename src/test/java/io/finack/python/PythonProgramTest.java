package io.finack.python;

import io.finack.kernel.CongestionInfo;
import io.finack.kernel.MemInfo;
import io.finack.kernel.TcpInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program's text, and what it does in the real interpreter (python3, a dependency of finack's). */
class PythonProgramTest {
    @TempDir
    Path dir;

    /** A reading of an ESTABLISHED socket with {@code cwnd}, {@code length} bytes of tcp_info, and bbr's info or none. */
    private static PythonBlock.Reading reading(String code, int line, int cwnd, int length, boolean bbr) {
        ByteBuffer info = ByteBuffer.allocate(TcpInfo.SIZE).order(ByteOrder.nativeOrder());
        info.put(0, (byte) 1).put(5, (byte) 7).putInt(8, 204_000).putInt(80, cwnd).putLong(104, -1L).putLong(120, 5000);
        ByteBuffer cc = ByteBuffer.allocate(CongestionInfo.SIZE).order(ByteOrder.nativeOrder());
        cc.putInt(0, 2).putInt(4, 1).putInt(8, 100_209).putInt(12, 739).putInt(16, 591);
        ByteBuffer mem = ByteBuffer.allocate(MemInfo.SIZE).order(ByteOrder.nativeOrder()).putInt(4, 131_072);
        return new PythonBlock.Reading(new PythonBlock(code, "x.pkt", line), TcpInfo.decode(info.array(), 0, length),
                CongestionInfo.decode(cc.array(), bbr ? 20 : 0), MemInfo.decode(mem.array(), MemInfo.SIZE));
    }

    private PythonInterpreter.Run run(List<PythonBlock.Reading> readings) throws Exception {
        return PythonInterpreter.locate().run(PythonProgram.of(readings), dir, Duration.ofSeconds(20));
    }

    @Test
    void eachBlockFollowsItsOwnReadingsVariablesAndTheConstantsComeFirst() {
        String p = PythonProgram.of(List.of(reading("print(1)", 5, 10, TcpInfo.SIZE, true),
                reading("print(2)", 9, 20, 104, false)));
        for (String line : List.of("TCP_ESTABLISHED = 1", "TCP_LISTEN = 10", "TCP_CLOSING = 11", "TCP_CA_Open = 0",
                "TCP_CA_Loss = 4", "TCPI_OPT_TIMESTAMPS = 1", "TCPI_OPT_SACK = 2", "TCPI_OPT_SYN_DATA = 32",
                "TCPI_OPT_TFO_CHILD = 128")) {
            assertTrue(p.contains("\n" + line + "\n"), line);
        }
        assertFalse(p.contains("NEW_SYN_RECV"), "a state TCP_INFO never reports");
        String first = p.substring(p.indexOf("\n# x.pkt:5\n"), p.indexOf("_finack_run(0)"));
        String second = p.substring(p.indexOf("\n# x.pkt:9\n"), p.indexOf("_finack_run(1)"));
        assertTrue(p.indexOf("TCPI_OPT_TFO_CHILD") < p.indexOf("# x.pkt:5"));
        assertTrue(first.contains("\ntcpi_state = 1\ntcpi_ca_state = 0\n"), first);
        assertTrue(first.contains("\ntcpi_snd_cwnd = 10\n") && second.contains("\ntcpi_snd_cwnd = 20\n"));
        assertTrue(first.contains("\ntcpi_options = 7\n") && first.contains("\ntcpi_rto = 204000\n"));
        assertTrue(first.contains("\ntcpi_pacing_rate = 18446744073709551615\n"), "64-bit fields unsigned");
        assertTrue(first.contains("\ntcpi_bytes_acked = 5000\n"));
        assertTrue(second.contains("\ntcpi_bytes_acked = 0\n"), "a field the kernel's shorter struct lacks is 0");
        assertTrue(first.contains("\nbbr_bw_lo = 2\nbbr_bw_hi = 1\nbbr_bw = 4294967298\nbbr_min_rtt = 100209\n"
                + "bbr_pacing_gain = 739\nbbr_cwnd_gain = 591\n"), first);
        assertTrue(first.contains("\ndctcp_enabled = 2\n") && first.contains("\ntcpv_rttcnt = 1\ntcp_rtt = 100209\ntcp_minrtt = 739\n"),
                "packetdrill's names for vegas's rtt fields");
        assertFalse(second.contains("bbr_") || second.contains("dctcp_") || second.contains("tcpv_"),
                "no congestion-control variables where it reports nothing (cubic)");
        assertTrue(second.contains("\nSK_MEMINFO_RCVBUF = 131072\n"));
        assertTrue(p.contains("(\"x.pkt\", 5, \"print(1)\"),\n    (\"x.pkt\", 9, \"print(2)\"),\n"), p);
    }

    @Test
    void codeBecomesAPythonLiteralWhateverItHolds() {
        assertEquals("\"a\\\"b\\\\c\\n\\td\\r\\u00e9\\U0001f600\"", PythonProgram.literal("a\"b\\c\n\td\r\u00e9\uD83D\uDE00"));
    }

    @Test
    void blocksSeeTheirMomentsValuesAndWhatEarlierBlocksDefined() throws Exception {
        PythonInterpreter.Run run = run(List.of(reading("cwnd = tcpi_snd_cwnd", 3, 10, TcpInfo.SIZE, true),
                reading("\nassert cwnd == 10 and tcpi_snd_cwnd == 20, (cwnd, tcpi_snd_cwnd)\nprint(_file, _line, bbr_bw)\n",
                        7, 20, TcpInfo.SIZE, false)));
        assertEquals(0, run.status(), run.errors());
        assertEquals("x.pkt 7 4294967298\n", run.output(), "bbr_bw stays from the first reading, as in packetdrill");
    }

    @Test
    void aFailedAssertionIsReportedAtItsBlocksLineWithPythonsAccountInScriptLines() throws Exception {
        List<PythonBlock.Reading> readings = List.of(reading("print('first')", 3, 10, TcpInfo.SIZE, false),
                reading("\nx = 1\nassert tcpi_snd_cwnd == 11, tcpi_snd_cwnd\n", 7, 10, TcpInfo.SIZE, false),
                reading("print('never')", 12, 10, TcpInfo.SIZE, false));
        PythonInterpreter.Run run = run(readings);
        assertEquals(1, run.status());
        assertEquals("first\n", run.output());
        assertTrue(run.errors().startsWith("x.pkt:7: error in Python code\nTraceback (most recent call last):\n"
                + "  File \"x.pkt\", line 9, in <module>\n    assert tcpi_snd_cwnd == 11, tcpi_snd_cwnd\n"), run.errors());
        assertTrue(run.errors().endsWith("AssertionError: 10\n"), run.errors());
        Optional<PythonProgram.Failure> failure = PythonProgram.failure(readings.stream().map(PythonBlock.Reading::block).toList(),
                run.errors());
        assertEquals(1, failure.orElseThrow().index());
        assertTrue(failure.get().account().startsWith("Traceback (most recent call last):\n  File \"x.pkt\", line 9"));
    }

    @Test
    void aSyntaxErrorAnywhereStopsEveryBlockBeforeTheFirstRuns() throws Exception {
        List<PythonBlock.Reading> readings = List.of(reading("print('first')", 3, 10, TcpInfo.SIZE, false),
                reading("x = = 1", 7, 10, TcpInfo.SIZE, false));
        PythonInterpreter.Run run = run(readings);
        assertEquals(1, run.status());
        assertEquals("", run.output());
        assertTrue(run.errors().startsWith("x.pkt:7: error in Python code\n  File \"x.pkt\", line 7\n    x = = 1\n"), run.errors());
        assertTrue(run.errors().contains("SyntaxError: invalid syntax"), run.errors());
        assertEquals(1, PythonProgram.failure(readings.stream().map(PythonBlock.Reading::block).toList(), run.errors())
                .orElseThrow().index());
    }

    @Test
    void onlyAReportNamingABlockIsABlocksFailure() {
        List<PythonBlock> blocks = List.of(new PythonBlock("pass", "x.pkt", 3));
        assertTrue(PythonProgram.failure(blocks, "x.pkt:4: error in Python code\nboom\n").isEmpty());
        assertTrue(PythonProgram.failure(blocks, "Traceback...\n").isEmpty());
        assertEquals(new PythonProgram.Failure(0, "E: 1"),
                PythonProgram.failure(blocks, "noise\nx.pkt:3: error in Python code\nE: 1\n").orElseThrow());
    }
}

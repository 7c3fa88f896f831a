package io.finack.kernel;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CongestionInfoTest {
    @Test
    void twentyBytesReadAsEveryMemberAndSixteenAsAllButBbrs() {
        ByteBuffer b = ByteBuffer.allocate(CongestionInfo.SIZE).order(ByteOrder.nativeOrder());
        b.putInt(0, 0x00030002).putInt(4, 7).putInt(8, 100_209).putInt(12, 739).putInt(16, -1);
        CongestionInfo bbr = CongestionInfo.decode(b.array(), 20);
        assertEquals(Map.of("bbr_bw_lo", 0x00030002L, "bbr_bw_hi", 7L, "bbr_min_rtt", 100_209L, "bbr_pacing_gain", 739L,
                "bbr_cwnd_gain", 0xffffffffL), bbr.bbr());
        // The same bytes as dctcp's struct: two 16-bit fields first (little-endian: the low half first).
        assertEquals(Map.of("dctcp_enabled", 2L, "dctcp_ce_state", 3L, "dctcp_alpha", 7L, "dctcp_ab_ecn", 100_209L,
                "dctcp_ab_tot", 739L), bbr.dctcp());
        assertEquals(Map.of("tcpv_enabled", 0x00030002L, "tcpv_rttcnt", 7L, "tcpv_rtt", 100_209L, "tcpv_minrtt", 739L),
                bbr.vegas());

        CongestionInfo vegas = CongestionInfo.decode(b.array(), 16);
        assertTrue(vegas.bbr().isEmpty());
        assertEquals(4, vegas.vegas().size());
        assertEquals(5, vegas.dctcp().size());
    }

    @Test
    void aCongestionControlThatReportsNothingHasNoFields() {
        CongestionInfo cubic = CongestionInfo.decode(new byte[CongestionInfo.SIZE], 0);
        assertEquals(0, cubic.length());
        assertTrue(cubic.bbr().isEmpty() && cubic.dctcp().isEmpty() && cubic.vegas().isEmpty());
    }
}

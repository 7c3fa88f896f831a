package io.finack.kernel;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpInfoTest {
    private static ByteBuffer struct() {
        return ByteBuffer.allocate(TcpInfo.SIZE).order(ByteOrder.nativeOrder());
    }

    @Test
    void decodesBytesBitFieldsAndWordsAtTheirOffsets() {
        ByteBuffer b = struct();
        b.put(0, (byte) 1).put(1, (byte) 4).put(2, (byte) 3).put(4, (byte) 2).put(5, (byte) 0x07);
        b.put(6, (byte) 0xa7);             // rcv_wscale 10 (high nibble), snd_wscale 7 (low)
        b.put(7, (byte) 0b101);            // app_limited 1, fastopen_client_fail 2
        b.putInt(8, 204_000).putInt(24, 3).putInt(68, 1234).putInt(80, 10);
        b.putLong(104, -1L);               // ~0: pacing not limited
        b.putShort(240, (short) 5).putInt(244, 4321);
        b.putInt(276, (2 << 4) | (1 << 2) | 3 | (0x12 << 8));
        TcpInfo info = TcpInfo.decode(b.array(), 0, TcpInfo.SIZE);

        assertEquals(1, info.get("tcpi_state").getAsLong());
        assertEquals(4, info.get("tcpi_ca_state").getAsLong());
        assertEquals(3, info.get("tcpi_retransmits").getAsLong());
        assertEquals(2, info.get("tcpi_backoff").getAsLong());
        assertEquals(7, info.get("tcpi_options").getAsLong());
        assertEquals(7, info.get("tcpi_snd_wscale").getAsLong());
        assertEquals(10, info.get("tcpi_rcv_wscale").getAsLong());
        assertEquals(1, info.get("tcpi_delivery_rate_app_limited").getAsLong());
        assertEquals(2, info.get("tcpi_fastopen_client_fail").getAsLong());
        assertEquals(204_000, info.get("tcpi_rto").getAsLong());
        assertEquals(3, info.get("tcpi_unacked").getAsLong());
        assertEquals(1234, info.get("tcpi_rtt").getAsLong());
        assertEquals(10, info.get("tcpi_snd_cwnd").getAsLong());
        assertEquals("18446744073709551615", info.unsigned("tcpi_pacing_rate"));
        assertEquals(5, info.get("tcpi_total_rto").getAsLong());
        assertEquals(4321, info.get("tcpi_total_rto_time").getAsLong());
        assertEquals(3, info.get("tcpi_ecn_mode").getAsLong());
        assertEquals(1, info.get("tcpi_accecn_opt_seen").getAsLong());
        assertEquals(2, info.get("tcpi_accecn_fail_mode").getAsLong());
        assertEquals(0x12, info.get("tcpi_options2").getAsLong());
        assertEquals(72, info.fields().size());
    }

    @Test
    void briefNamesThePathFieldsAsSsDoes() {
        ByteBuffer b = struct();
        b.put(2, (byte) 1).put(3, (byte) 0).put(4, (byte) 2);
        b.putInt(8, 1_000_000).putInt(24, 1).putInt(68, 52).putInt(80, 10);
        assertEquals("rto:1000 backoff:2 retrans:1 probes:0 cwnd:10 rtt:0.052 unacked:1",
                TcpInfo.decode(b.array(), 0, TcpInfo.SIZE).brief());
        assertEquals("", TcpInfo.decode(b.array(), 0, 2).brief(), "a struct cut before tcpi_retransmits has none of them");
    }

    @Test
    void aShorterStructFromAnOlderKernelHasOnlyTheFieldsItHolds() {
        ByteBuffer b = struct();
        b.putInt(100, 9);
        TcpInfo info = TcpInfo.decode(b.array(), 0, 104);
        assertEquals(9, info.get("tcpi_total_retrans").getAsLong());
        assertFalse(info.get("tcpi_pacing_rate").isPresent());
        assertEquals("tcpi_total_retrans", List.copyOf(info.fields().keySet()).get(info.fields().size() - 1));
        assertThrows(IllegalArgumentException.class, () -> info.unsigned("tcpi_pacing_rate"));
    }

    @Test
    void decodesFromAnOffsetIntoALargerBuffer() {
        byte[] bytes = new byte[16 + TcpInfo.SIZE];
        bytes[16] = 10;
        assertTrue(TcpInfo.decode(bytes, 16, TcpInfo.SIZE).get("tcpi_state").getAsLong() == 10);
    }
}

package io.finack.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A socket's TCP_CC_INFO: Linux's {@code union tcp_cc_info}, filled by the socket's congestion
 * control ({@code struct tcp_bbr_info} from bbr, {@code tcp_dctcp_info} from dctcp,
 * {@code tcpvegas_info} from vegas, westwood and illinois), and empty for one that reports
 * nothing (cubic, reno). The bytes do not say which member they are, so each member is decoded
 * under its own field names whenever there are bytes enough for all its fields, and is empty
 * otherwise.
 *
 * @param length the bytes the kernel returned
 */
public record CongestionInfo(int length, Map<String, Long> bbr, Map<String, Long> dctcp, Map<String, Long> vegas) {
    /** The size of the union: its largest member, tcp_bbr_info. */
    public static final int SIZE = 20;

    public CongestionInfo {
        bbr = Collections.unmodifiableMap(new LinkedHashMap<>(bbr));
        dctcp = Collections.unmodifiableMap(new LinkedHashMap<>(dctcp));
        vegas = Collections.unmodifiableMap(new LinkedHashMap<>(vegas));
    }

    /** Decodes the first {@code length} bytes of {@code bytes}, in host byte order. */
    public static CongestionInfo decode(byte[] bytes, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).slice().order(ByteOrder.nativeOrder());
        Map<String, Long> bbr = new LinkedHashMap<>();
        if (length >= 20) {
            words(b, bbr, 0, "bbr_bw_lo", "bbr_bw_hi", "bbr_min_rtt", "bbr_pacing_gain", "bbr_cwnd_gain");
        }
        Map<String, Long> dctcp = new LinkedHashMap<>();
        if (length >= 16) {
            dctcp.put("dctcp_enabled", Short.toUnsignedLong(b.getShort(0)));
            dctcp.put("dctcp_ce_state", Short.toUnsignedLong(b.getShort(2)));
            words(b, dctcp, 4, "dctcp_alpha", "dctcp_ab_ecn", "dctcp_ab_tot");
        }
        Map<String, Long> vegas = new LinkedHashMap<>();
        if (length >= 16) {
            words(b, vegas, 0, "tcpv_enabled", "tcpv_rttcnt", "tcpv_rtt", "tcpv_minrtt");
        }
        return new CongestionInfo(length, bbr, dctcp, vegas);
    }

    /** Unsigned 32-bit words from {@code offset} on, one a name. */
    private static void words(ByteBuffer b, Map<String, Long> into, int offset, String... names) {
        for (int i = 0; i < names.length; i++) {
            into.put(names[i], Integer.toUnsignedLong(b.getInt(offset + 4 * i)));
        }
    }
}

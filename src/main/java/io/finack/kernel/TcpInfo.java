package io.finack.kernel;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A socket's {@code struct tcp_info}, as getsockopt(TCP_INFO) and sock_diag's INET_DIAG_INFO
 * attribute return it, decoded field by field under Linux's own names ({@code tcpi_rto},
 * {@code tcpi_snd_cwnd}, ...). The kernel copies as much of the struct as it has and the
 * caller asked for, so an older kernel's shorter struct decodes to fewer fields: a field is
 * present only when all its bytes are. 64-bit fields are unsigned ({@link #unsigned}).
 *
 * @param fields every field the bytes held, in the struct's order
 */
public record TcpInfo(Map<String, Long> fields) {
    /** The size of the struct as this decoder knows it (Linux 6.18's uapi header). */
    public static final int SIZE = 280;

    public TcpInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field named {@code name}, if the kernel's struct has it. */
    public OptionalLong get(String name) {
        Long value = fields.get(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** A field as an unsigned decimal, as C prints it (a 64-bit ~0 pacing rate is 18446744073709551615). */
    public String unsigned(String name) {
        Long value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("tcp_info has no field " + name);
        }
        return Long.toUnsignedString(value);
    }

    /** The name of every field this decoder knows, in the struct's order. */
    public static List<String> fieldNames() {
        return LAYOUT.stream().map(Field::name).toList();
    }

    /**
     * The fields a reader needs to follow a socket's path, as {@code ss -ti} names them:
     * {@code rto:1000 backoff:0 retrans:0 probes:0 cwnd:10 rtt:0.05 unacked:1} (rto and rtt in
     * milliseconds, the kernel's microseconds divided); a field this struct lacks is left out.
     */
    public String brief() {
        StringBuilder s = new StringBuilder();
        brief(s, "rto", "tcpi_rto", true);
        brief(s, "backoff", "tcpi_backoff", false);
        brief(s, "retrans", "tcpi_retransmits", false);
        brief(s, "probes", "tcpi_probes", false);
        brief(s, "cwnd", "tcpi_snd_cwnd", false);
        brief(s, "rtt", "tcpi_rtt", true);
        brief(s, "unacked", "tcpi_unacked", false);
        return s.toString();
    }

    private void brief(StringBuilder s, String label, String field, boolean micros) {
        Long value = fields.get(field);
        if (value != null) {
            s.append(s.length() == 0 ? "" : " ").append(label).append(':')
                    .append(micros ? new BigDecimal(value).movePointLeft(3).stripTrailingZeros().toPlainString()
                            : Long.toString(value));
        }
    }

    /** Decodes {@code length} bytes of a struct tcp_info in host byte order. */
    public static TcpInfo decode(byte[] bytes, int offset, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length).slice().order(ByteOrder.nativeOrder());
        Map<String, Long> fields = new LinkedHashMap<>();
        for (Field f : LAYOUT) {
            if (f.offset + f.size <= length) {
                fields.put(f.name, f.read(b));
            }
        }
        return new TcpInfo(fields);
    }

    /**
     * One field: its byte offset and size, and for a bit-field its first bit and width within
     * that unit (C puts the first-declared bit-field in the low bits on little-endian machines).
     */
    private record Field(String name, int offset, int size, int bit, int bits) {
        static Field u8(String name, int offset) {
            return new Field(name, offset, 1, 0, 8);
        }

        static Field u16(String name, int offset) {
            return new Field(name, offset, 2, 0, 16);
        }

        static Field u32(String name, int offset) {
            return new Field(name, offset, 4, 0, 32);
        }

        static Field u64(String name, int offset) {
            return new Field(name, offset, 8, 0, 64);
        }

        static Field bits(String name, int offset, int size, int bit, int bits) {
            return new Field(name, offset, size, bit, bits);
        }

        long read(ByteBuffer b) {
            long unit = switch (size) {
                case 1 -> Byte.toUnsignedLong(b.get(offset));
                case 2 -> Short.toUnsignedLong(b.getShort(offset));
                case 4 -> Integer.toUnsignedLong(b.getInt(offset));
                default -> b.getLong(offset);
            };
            return bits == 64 ? unit : (unit >>> bit) & ((1L << bits) - 1);
        }
    }

    private static final List<Field> LAYOUT = List.of(
            Field.u8("tcpi_state", 0),
            Field.u8("tcpi_ca_state", 1),
            Field.u8("tcpi_retransmits", 2),
            Field.u8("tcpi_probes", 3),
            Field.u8("tcpi_backoff", 4),
            Field.u8("tcpi_options", 5),
            Field.bits("tcpi_snd_wscale", 6, 1, 0, 4),
            Field.bits("tcpi_rcv_wscale", 6, 1, 4, 4),
            Field.bits("tcpi_delivery_rate_app_limited", 7, 1, 0, 1),
            Field.bits("tcpi_fastopen_client_fail", 7, 1, 1, 2),
            Field.u32("tcpi_rto", 8),
            Field.u32("tcpi_ato", 12),
            Field.u32("tcpi_snd_mss", 16),
            Field.u32("tcpi_rcv_mss", 20),
            Field.u32("tcpi_unacked", 24),
            Field.u32("tcpi_sacked", 28),
            Field.u32("tcpi_lost", 32),
            Field.u32("tcpi_retrans", 36),
            Field.u32("tcpi_fackets", 40),
            Field.u32("tcpi_last_data_sent", 44),
            Field.u32("tcpi_last_ack_sent", 48),
            Field.u32("tcpi_last_data_recv", 52),
            Field.u32("tcpi_last_ack_recv", 56),
            Field.u32("tcpi_pmtu", 60),
            Field.u32("tcpi_rcv_ssthresh", 64),
            Field.u32("tcpi_rtt", 68),
            Field.u32("tcpi_rttvar", 72),
            Field.u32("tcpi_snd_ssthresh", 76),
            Field.u32("tcpi_snd_cwnd", 80),
            Field.u32("tcpi_advmss", 84),
            Field.u32("tcpi_reordering", 88),
            Field.u32("tcpi_rcv_rtt", 92),
            Field.u32("tcpi_rcv_space", 96),
            Field.u32("tcpi_total_retrans", 100),
            Field.u64("tcpi_pacing_rate", 104),
            Field.u64("tcpi_max_pacing_rate", 112),
            Field.u64("tcpi_bytes_acked", 120),
            Field.u64("tcpi_bytes_received", 128),
            Field.u32("tcpi_segs_out", 136),
            Field.u32("tcpi_segs_in", 140),
            Field.u32("tcpi_notsent_bytes", 144),
            Field.u32("tcpi_min_rtt", 148),
            Field.u32("tcpi_data_segs_in", 152),
            Field.u32("tcpi_data_segs_out", 156),
            Field.u64("tcpi_delivery_rate", 160),
            Field.u64("tcpi_busy_time", 168),
            Field.u64("tcpi_rwnd_limited", 176),
            Field.u64("tcpi_sndbuf_limited", 184),
            Field.u32("tcpi_delivered", 192),
            Field.u32("tcpi_delivered_ce", 196),
            Field.u64("tcpi_bytes_sent", 200),
            Field.u64("tcpi_bytes_retrans", 208),
            Field.u32("tcpi_dsack_dups", 216),
            Field.u32("tcpi_reord_seen", 220),
            Field.u32("tcpi_rcv_ooopack", 224),
            Field.u32("tcpi_snd_wnd", 228),
            Field.u32("tcpi_rcv_wnd", 232),
            Field.u32("tcpi_rehash", 236),
            Field.u16("tcpi_total_rto", 240),
            Field.u16("tcpi_total_rto_recoveries", 242),
            Field.u32("tcpi_total_rto_time", 244),
            Field.u32("tcpi_received_ce", 248),
            Field.u32("tcpi_delivered_e1_bytes", 252),
            Field.u32("tcpi_delivered_e0_bytes", 256),
            Field.u32("tcpi_delivered_ce_bytes", 260),
            Field.u32("tcpi_received_e1_bytes", 264),
            Field.u32("tcpi_received_e0_bytes", 268),
            Field.u32("tcpi_received_ce_bytes", 272),
            Field.bits("tcpi_ecn_mode", 276, 4, 0, 2),
            Field.bits("tcpi_accecn_opt_seen", 276, 4, 2, 2),
            Field.bits("tcpi_accecn_fail_mode", 276, 4, 4, 4),
            Field.bits("tcpi_options2", 276, 4, 8, 24));
}

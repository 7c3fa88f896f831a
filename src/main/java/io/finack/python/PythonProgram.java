package io.finack.python;

import io.finack.kernel.TcpInfo;
import io.finack.tcp.TcpState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Python program that runs a script's python blocks, as packetdrill runs them: all in one
 * interpreter, in script order, each right after the values its own line read, so that a block
 * sees the variables of its moment and whatever earlier blocks defined. Every block is compiled
 * before the first runs, so that a syntax error anywhere stops them all, as it stops packetdrill's
 * one generated file. Each block's code is compiled under the script's file name with the
 * script's line numbers, so that Python's account of a failure points into the script.
 *
 * <p>A block's failure is reported on standard error as packetdrill reports it,
 * {@code FILE:LINE: error in Python code} with the block's line, followed by Python's traceback
 * (from the block's own frame on) and exit status 1; {@link #failure} reads that back.
 */
public final class PythonProgram {
    /** The first line of a failure's report, after the block's {@code FILE:LINE: }. */
    public static final String ERROR = "error in Python code";

    /** tcpi_ca_state's values (include/net/tcp.h's enum tcp_ca_state). */
    private static final Map<String, Integer> CA_STATES = ordered("TCP_CA_Open", 0, "TCP_CA_Disorder", 1,
            "TCP_CA_CWR", 2, "TCP_CA_Recovery", 3, "TCP_CA_Loss", 4);
    /** tcpi_options's bits (include/uapi/linux/tcp.h). */
    private static final Map<String, Integer> OPTIONS = ordered("TCPI_OPT_TIMESTAMPS", 1, "TCPI_OPT_SACK", 2,
            "TCPI_OPT_WSCALE", 4, "TCPI_OPT_ECN", 8, "TCPI_OPT_ECN_SEEN", 16, "TCPI_OPT_SYN_DATA", 32,
            "TCPI_OPT_USEC_TS", 64, "TCPI_OPT_TFO_CHILD", 128);

    /** packetdrill's names for two of vegas's fields. */
    private static final Map<String, String> VEGAS_NAMES = Map.of("tcpv_rtt", "tcp_rtt", "tcpv_minrtt", "tcp_minrtt");

    private static final String DRIVER = """
            import linecache
            import sys
            import traceback

            if sys.version_info[0] < 3:
                sys.stderr.write("python blocks need Python 3, not " + sys.version.split()[0] + "\\n")
                sys.exit(2)


            def _finack_failed(index, error, tb):
                # packetdrill's wording, at the block's line, then Python's own account.
                sys.stdout.flush()
                sys.stderr.write("%s:%d: %s\\n" % (_finack_blocks[index][0], _finack_blocks[index][1], _finack_error))
                traceback.print_exception(type(error), error, tb)
                sys.exit(1)


            def _finack_compile(index):
                source, line, code = _finack_blocks[index]
                # The script's lines as far as its blocks hold them, for tracebacks to quote.
                lines = _finack_lines.setdefault(source, [])
                for offset, text in enumerate(code.split("\\n")):
                    while len(lines) < line + offset:
                        lines.append("\\n")
                    lines[line + offset - 1] = text + "\\n"
                linecache.cache[source] = (0, None, lines, source)
                try:
                    return compile("\\n" * (line - 1) + code + "\\n", source, "exec")
                except SyntaxError as error:
                    # Quoted from the block, not from a file of that name Python might find.
                    if error.lineno and error.lineno <= len(lines):
                        error.text = lines[error.lineno - 1]
                    _finack_failed(index, error, None)


            def _finack_run(index):
                global _file, _line
                _file, _line = _finack_blocks[index][0], _finack_blocks[index][1]
                try:
                    exec(_finack_code[index], globals())
                except Exception as error:
                    _finack_failed(index, error, error.__traceback__.tb_next)


            _finack_lines = {}
            _finack_code = [_finack_compile(i) for i in range(len(_finack_blocks))]
            """;

    private PythonProgram() {
    }

    /** The program for {@code readings}, one a block in script order. */
    public static String of(List<PythonBlock.Reading> readings) {
        StringBuilder p = new StringBuilder();
        String sources = readings.stream().map(r -> r.block().source()).distinct().reduce((a, b) -> a + ", " + b).orElse("");
        p.append("# finack: the python blocks of ").append(sources).append(", run once the script's last line is done.\n");
        p.append("_finack_error = ").append(literal(ERROR)).append('\n');
        p.append("_finack_blocks = [\n");
        for (PythonBlock.Reading r : readings) {
            PythonBlock b = r.block();
            p.append("    (").append(literal(b.source())).append(", ").append(b.line()).append(", ")
                    .append(literal(b.code())).append("),\n");
        }
        p.append("]\n").append(DRIVER).append('\n');
        for (TcpState s : TcpState.values()) {
            // A request socket's state, which TCP_INFO never reports; packetdrill has no name for it.
            if (s != TcpState.NEW_SYN_RECV) {
                assign(p, "TCP_" + s.name(), s.number());
            }
        }
        CA_STATES.forEach((name, value) -> assign(p, name, value));
        OPTIONS.forEach((name, value) -> assign(p, name, value));
        for (int i = 0; i < readings.size(); i++) {
            p.append("\n# ").append(readings.get(i).block().where()).append('\n');
            variables(p, readings.get(i));
            p.append("_finack_run(").append(i).append(")\n");
        }
        return p.toString();
    }

    /**
     * The variables of one reading, named as packetdrill names them: every tcp_info field (0
     * for one a shorter kernel struct lacks, as packetdrill's zeroed buffer gives), the
     * congestion control's fields where it reports them, and SO_MEMINFO's entries.
     */
    private static void variables(StringBuilder p, PythonBlock.Reading r) {
        TcpInfo info = r.tcpInfo();
        for (String name : TcpInfo.fieldNames()) {
            assign(p, name, info.get(name).orElse(0));
        }
        Map<String, Long> bbr = r.congestion().bbr();
        if (!bbr.isEmpty()) {
            assign(p, "bbr_bw_lo", bbr.get("bbr_bw_lo"));
            assign(p, "bbr_bw_hi", bbr.get("bbr_bw_hi"));
            // packetdrill's own: the two halves as one 64-bit number.
            p.append("bbr_bw = ").append(Long.toUnsignedString((bbr.get("bbr_bw_hi") << 32) + bbr.get("bbr_bw_lo"))).append('\n');
            assign(p, "bbr_min_rtt", bbr.get("bbr_min_rtt"));
            assign(p, "bbr_pacing_gain", bbr.get("bbr_pacing_gain"));
            assign(p, "bbr_cwnd_gain", bbr.get("bbr_cwnd_gain"));
        }
        r.congestion().dctcp().forEach((name, value) -> assign(p, name, value));
        // packetdrill names vegas's tcpv_rtt and tcpv_minrtt tcp_rtt and tcp_minrtt.
        r.congestion().vegas().forEach((name, value) -> assign(p, VEGAS_NAMES.getOrDefault(name, name), value));
        r.memory().fields().forEach((name, value) -> assign(p, name, value));
    }

    private static void assign(StringBuilder p, String name, long value) {
        p.append(name).append(" = ").append(Long.toUnsignedString(value)).append('\n');
    }

    /** A block's failure as the program reported it: which block (its index) and Python's account. */
    public record Failure(int index, String account) {
    }

    /**
     * The failure {@code errors} (the program's standard error) reports, if it reports one:
     * the last {@code FILE:LINE: error in Python code} line that names one of {@code blocks}, and
     * what follows it.
     */
    public static Optional<Failure> failure(List<PythonBlock> blocks, String errors) {
        List<String> lines = errors.lines().toList();
        for (int at = lines.size() - 1; at >= 0; at--) {
            for (int i = 0; i < blocks.size(); i++) {
                if (lines.get(at).equals(blocks.get(i).where() + ": " + ERROR)) {
                    return Optional.of(new Failure(i, String.join("\n", lines.subList(at + 1, lines.size()))));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code text} as a Python string literal: printable ASCII as it is, everything else escaped. */
    static String literal(String text) {
        StringBuilder s = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        s.append((char) c);
                    } else if (c <= 0xffff) {
                        s.append(String.format("\\u%04x", c));
                    } else {
                        s.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return s.append('"').toString();
    }

    private static Map<String, Integer> ordered(Object... pairs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }
}

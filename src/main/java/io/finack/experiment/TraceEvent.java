package io.finack.experiment;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a tracefs instance's trace_pipe, as the kernel prints it by default:
 * {@code <idle>-0 [001] ..s1. 1234.567890: kfree_skb: skbaddr=... reason: NO_SOCKET}.
 *
 * @param pid        the task the event happened in: for the softirq that received an injected
 *                   segment, the thread that injected it (lo's receive runs when that send ends)
 * @param comm       that task's name as tracefs recorded it ({@code ksoftirqd/1}, {@code <...>})
 * @param clockNanos the instance's clock (microseconds, as printed)
 * @param event      the event's name, {@code kfree_skb}
 * @param body       what follows the name
 */
public record TraceEvent(int pid, String comm, long clockNanos, String event, String body) {
    /** The threads a softirq is deferred to when it keeps coming back (a loaded machine). */
    public boolean inKsoftirqd() {
        return comm.startsWith("ksoftirqd/");
    }

    /** This event on another clock: {@code offsetNanos} added to its time. */
    TraceEvent shifted(long offsetNanos) {
        return new TraceEvent(pid, comm, clockNanos + offsetNanos, event, body);
    }

    private static final Pattern LINE = Pattern.compile(
            "^\\s*(?<comm>.*?)-(?<pid>\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[\\d+\\]\\s+(?:\\S+\\s+)?"
                    + "(?<sec>\\d+)\\.(?<frac>\\d{1,9}):\\s+(?<event>\\w+):\\s*(?<body>.*)$");
    private static final String FIELD = "(?:^|\\s)%s[=:]\\s*(\\S+)";
    /** One pattern a field name, made once: runs read the same few fields of many events. */
    private static final Map<String, Pattern> FIELDS = new ConcurrentHashMap<>();

    /** The event of a trace line; empty for anything else (a "CPU 1 buffer started" notice). */
    public static Optional<TraceEvent> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        String frac = (m.group("frac") + "000000000").substring(0, 9);
        return Optional.of(new TraceEvent(Integer.parseInt(m.group("pid")), m.group("comm"),
                Long.parseLong(m.group("sec")) * 1_000_000_000L + Long.parseLong(frac), m.group("event"), m.group("body")));
    }

    /** The value of {@code name=VALUE} (or {@code name: VALUE}, as kfree_skb prints its reason) in the body. */
    public Optional<String> field(String name) {
        Matcher m = FIELDS.computeIfAbsent(name, n -> Pattern.compile(String.format(FIELD, Pattern.quote(n)))).matcher(body);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code location=tcp_v4_rcv+0x8b2/0x1120} as the function alone, {@code tcp_v4_rcv}. */
    public String function(String name) {
        String value = field(name).orElse("");
        int plus = value.indexOf('+');
        return plus < 0 ? value : value.substring(0, plus);
    }
}

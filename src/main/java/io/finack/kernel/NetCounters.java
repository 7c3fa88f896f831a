package io.finack.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network namespace's SNMP and netstat counters at one moment, named as {@code nstat} names
 * them: the table's prefix and the field ({@code TcpOutRsts}, {@code TcpExtTCPChallengeACK}),
 * and /proc/net/snmp6's own names ({@code Ip6InReceives}). Values are the kernel's, some of
 * them gauges ({@code TcpCurrEstab}) and one signed ({@code TcpMaxConn} is -1).
 *
 * @param values every counter, in the files' order
 */
public record NetCounters(Map<String, Long> values) {
    /**
     * The calling thread's namespace's files: /proc/net is the process's namespace (its first
     * thread's), /proc/thread-self/net the reading thread's, which is the experiment's.
     */
    private static final Path NET = Path.of("/proc/thread-self/net");

    public NetCounters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads the calling thread's namespace's counters. /proc/net/snmp6 is absent where IPv6 is
     * off, and then its counters are too.
     */
    public static NetCounters read() throws IOException {
        return parse(Files.readString(NET.resolve("snmp")), Files.readString(NET.resolve("netstat")),
                readIfPresent(NET.resolve("snmp6")));
    }

    private static String readIfPresent(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** The counters of the three files' texts. */
    public static NetCounters parse(String snmp, String netstat, String snmp6) {
        Map<String, Long> values = new LinkedHashMap<>();
        tables(snmp, values);
        tables(netstat, values);
        for (String line : snmp6.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 2) {
                values.put(words[0], Long.parseLong(words[1]));
            }
        }
        return new NetCounters(values);
    }

    /** "Tcp: RtoAlgorithm RtoMin ..." then "Tcp: 1 200 ...": each table a line of names and a line of values. */
    private static void tables(String text, Map<String, Long> values) {
        String[] lines = text.split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            String[] names = lines[i].trim().split("\\s+");
            String[] numbers = lines[i + 1].trim().split("\\s+");
            if (names.length != numbers.length || !names[0].endsWith(":") || !names[0].equals(numbers[0])) {
                throw new IllegalArgumentException("malformed counter table at \"" + lines[i] + "\"");
            }
            String prefix = names[0].substring(0, names[0].length() - 1);
            for (int k = 1; k < names.length; k++) {
                values.put(prefix + names[k], Long.parseLong(numbers[k]));
            }
        }
    }

    /**
     * How far each counter of {@code later} moved since this reading, every counter included,
     * those that stood still as 0; one this reading lacked counts from 0.
     */
    public Map<String, Long> deltaTo(NetCounters later) {
        Map<String, Long> delta = new LinkedHashMap<>();
        later.values.forEach((name, value) -> delta.put(name, value - values.getOrDefault(name, 0L)));
        return Collections.unmodifiableMap(delta);
    }
}

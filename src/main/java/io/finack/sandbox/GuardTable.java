package io.finack.sandbox;

import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The nftables text for one guard table: a named set of fake ports, and a chain in the
 * prerouting hook at priority raw that drops TCP segments to those ports arriving on lo.
 * Family inet covers IPv4 and IPv6. Matching lo only keeps the guard away from the real
 * traffic of a namespace that finack does not own ({@code --netns current}).
 */
record GuardTable(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SET = "fake_ports";

    GuardTable {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an nft table name: \"" + name + "\"");
        }
    }

    static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
    }

    /** Creates the table, guarding {@code ports} (possibly none yet). */
    String create(Set<Integer> ports) {
        StringBuilder text = new StringBuilder()
                .append("table inet ").append(name).append(" {\n")
                .append("\tset ").append(SET).append(" {\n")
                .append("\t\ttype inet_service\n");
        if (!ports.isEmpty()) {
            text.append("\t\telements = ").append(elements(ports)).append('\n');
        }
        return text.append("\t}\n")
                .append("\tchain guard {\n")
                .append("\t\ttype filter hook prerouting priority raw; policy accept;\n")
                .append("\t\tiif \"lo\" tcp dport @").append(SET).append(" drop\n")
                .append("\t}\n")
                .append("}\n")
                .toString();
    }

    /** Adds {@code port} to the guarded set; adding a port already there is no error. */
    String addPort(int port) {
        return "add element inet " + name + " " + SET + " " + elements(Set.of(port)) + "\n";
    }

    /** Deletes the table, and is no error when it is already gone (nft 1.0.6 has no "destroy"). */
    String delete() {
        return "add table inet " + name + "\ndelete table inet " + name + "\n";
    }

    private static String elements(Set<Integer> ports) {
        StringJoiner list = new StringJoiner(", ", "{ ", " }");
        for (int port : new TreeSet<>(ports)) {
            checkPort(port);
            list.add(Integer.toString(port));
        }
        return list.toString();
    }
}

package io.finack.cli;

import io.finack.sandbox.NetNamespace;
import io.finack.testing.Commands;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack watch}'s bad input: one line each, status 2, before or instead of any capture. */
class WatchCommandTest {
    @Test
    void badOptionsAreUsageErrors() {
        CliOutcome.assertUsageError("finack: --metrics takes HOST:PORT, [IPv6]:PORT or :PORT, not '127.0.0.1'",
                "watch", "--metrics", "127.0.0.1");
        CliOutcome.assertUsageError("finack: --metrics takes HOST:PORT, [IPv6]:PORT or :PORT, not 'localhost:99999'",
                "watch", "--metrics", "localhost:99999");
        CliOutcome.assertUsageError("finack: --duration must be a number of seconds > 0, not '0'", "watch", "--duration", "0");
        CliOutcome.assertUsageError("finack: --interval must be a number of seconds > 0, not 'x'", "watch", "--interval", "x");
        CliOutcome.assertUsageError("finack: --max-evidence must be a whole number of MiB > 0, not '-1'",
                "watch", "--max-evidence", "-1");
        CliOutcome.assertUsageError("finack: cannot create the output folder /proc/finack-evidence: "
                + "/proc/finack-evidence cannot be made (no such parent, or a file system that holds no folders)",
                "watch", "--out", "/proc/finack-evidence");
    }

    @Test
    void metricsAddressesTakeEveryForm() throws Exception {
        assertEquals(new InetSocketAddress("127.0.0.1", 9464), WatchCommand.address("127.0.0.1:9464"));
        assertEquals(new InetSocketAddress("::1", 9464), WatchCommand.address("[::1]:9464"));
        assertEquals(new InetSocketAddress("0.0.0.0", 0), WatchCommand.address(":0"));
    }

    @Test
    @Privileged
    void aMissingInterfaceAndAFilterThatDoesNotCompileAreOneLineAndStatusTwo() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("watch-bad-input")) {
            ns.linkUp("lo");
            CliOutcome missing = ns.call(() -> CliOutcome.of("watch", "-i", "finack-none0", "--duration", "1"));
            assertEquals(new CliOutcome(ExitStatus.USAGE, "",
                    "finack: no interface 'finack-none0' in this network namespace (ip link lists them)\n"), missing);
            CliOutcome filter = ns.call(() -> CliOutcome.of("watch", "--duration", "1", "tcp", "and", "and"));
            assertEquals(ExitStatus.USAGE, filter.status(), filter.toString());
            assertEquals("", filter.out());
            // libpcap's own words, which differ between its versions ("can't parse filter expression: syntax error").
            assertTrue(filter.err().startsWith("finack: the filter 'tcp and and' does not compile: ")
                    && filter.err().endsWith("syntax error\n") && filter.err().lines().count() == 1, filter.err());
        }
    }

    @Test
    @Privileged
    void capNetRawAloneIsEnoughAndWithoutItTheStatusIsThree() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("watch-caps")) {
            ns.linkUp("lo");
            Commands.Result rawOnly = ns.call(() -> Commands.execute(withBoundingSet("-all,+net_raw")));
            assertEquals(ExitStatus.OK, rawOnly.status(), rawOnly.toString());
            assertTrue(rawOnly.stdout().contains("final summary: 0 frames"), rawOnly.toString());
            Commands.Result none = ns.call(() -> Commands.execute(withBoundingSet("-all")));
            assertEquals(ExitStatus.ENVIRONMENT, none.status(), none.toString());
            assertTrue(none.stderr().endsWith("finack: capturing on lo needs CAP_NET_RAW: socket: Operation not permitted\n"),
                    none.toString());
        }
    }

    /** finack watch in a child whose capabilities are at most {@code bounds} (setpriv's syntax). */
    private static List<String> withBoundingSet(String bounds) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--bounding-set", bounds));
        command.addAll(Commands.java(Main.class.getName(), "watch", "--duration", "0.5", "tcp"));
        return command;
    }

    @Test
    @Privileged
    void aDurationEndsTheWatchWithItsFinalSummaryAndStatusZero() throws Exception {
        try (NetNamespace ns = NetNamespace.createFresh("watch-duration")) {
            ns.linkUp("lo");
            CliOutcome o = ns.call(() -> CliOutcome.of("watch", "--duration", "0.5", "tcp"));
            assertEquals(ExitStatus.OK, o.status(), o.toString());
            assertEquals("finack watch: capturing on lo (Ethernet), filter 'tcp'\n", o.err());
            String[] lines = o.out().split("\n");
            assertEquals(1, lines.length, o.out());
            assertEquals("final summary: 0 frames, 0 dropped by the kernel; 0 attempts: FAST_RETRY 0, RTO_RETRY 0, NO_STALE_ACK 0, "
                    + "NO_RST 0, NO_RETRY 0; 0 lost SYNs in 0 attempts; 0 FIN_WAIT_2 flows; evidence 0 pcaps, 0 bytes, 0 not written",
                    lines[0].substring(lines[0].indexOf("  ") + 2));
        }
    }
}

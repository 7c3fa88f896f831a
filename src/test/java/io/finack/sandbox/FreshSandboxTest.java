package io.finack.sandbox;

import io.finack.testing.Commands;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Privileged
class FreshSandboxTest {
    private static final List<String> LOOPBACK_SYSCTLS = List.of(
            "all/route_localnet", "lo/route_localnet", "all/accept_local", "lo/accept_local");
    private static final int GUARDED = 40000;
    private static final int LATER_GUARDED = 40001;
    private static final int CLOSED = 40002;
    /** Far below the 1 s SYN retransmission: a RST would have come back within microseconds. */
    private static final int NO_ANSWER_MILLIS = 200;

    private static SandboxSpec spec(String name) {
        return new SandboxSpec(SandboxSpec.Mode.FRESH, name, Set.of(GUARDED), OptionalInt.empty());
    }

    /** Only lo's: the kernel ORs them with all's, which stay as the namespace got them. */
    @Test
    void setsLosLoopbackSettingsInsideAndLeavesTheHostsAlone() throws Exception {
        Map<String, String> host = loopbackSysctls();
        try (Sandbox sandbox = Sandbox.open(spec("sysctls"))) {
            for (LinkConf.Ipv4 setting : LinkConf.Ipv4.values()) {
                assertEquals(1, sandbox.lo().get(setting), setting.key());
            }
            Map<String, String> inside = sandbox.namespace().call(FreshSandboxTest::loopbackSysctls);
            assertEquals("1", inside.get("lo/route_localnet"));
            assertEquals("1", inside.get("lo/accept_local"));
            assertEquals(host.get("all/route_localnet"), inside.get("all/route_localnet"));
            assertEquals(host.get("all/accept_local"), inside.get("all/accept_local"));
            assertEquals(host, loopbackSysctls());
        }
        assertEquals(host, loopbackSysctls());
    }

    @Test
    void theGuardTableIsListedInsideButNotOnTheHost() throws Exception {
        try (Sandbox sandbox = Sandbox.open(spec("tables"))) {
            String table = "table inet " + sandbox.guard().table();
            assertTrue(sandbox.namespace().call(() -> Commands.run("nft", "list", "tables")).contains(table));
            assertFalse(Commands.run("nft", "list", "tables").contains(table));
        }
    }

    @Test
    void theKernelGetsNoAnswerFromAGuardedPortWhileAClosedPortRefuses() throws Exception {
        for (String loopback : new String[] {"127.0.0.1", "::1"}) {
            try (Sandbox sandbox = Sandbox.open(spec("guard"))) {
                NetNamespace namespace = sandbox.namespace();
                assertEquals(ConnectException.class, connect(namespace, loopback, CLOSED), loopback);
                assertEquals(SocketTimeoutException.class, connect(namespace, loopback, GUARDED), loopback);
                assertEquals(ConnectException.class, connect(namespace, loopback, LATER_GUARDED), loopback);
                sandbox.guard().addPort(LATER_GUARDED);
                assertEquals(SocketTimeoutException.class, connect(namespace, loopback, LATER_GUARDED), loopback);
            }
        }
    }

    /** How connecting failed. The socket is made on the namespace's thread, so it lives there. */
    private static Class<?> connect(NetNamespace namespace, String host, int port) throws SandboxException {
        return namespace.call(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), NO_ANSWER_MILLIS);
                return null;
            } catch (IOException e) {
                return e.getClass();
            }
        });
    }

    /** An interrupt makes the first wait on the namespace's thread (bringing lo up) fail. */
    @Test
    void aFailedStepUndoesTheStepsBeforeIt() throws InterruptedException {
        Thread.currentThread().interrupt();
        SandboxException e = assertThrows(SandboxException.class, () -> Sandbox.open(spec("interrupted")));
        assertTrue(Thread.interrupted());
        assertEquals("interrupted while waiting for namespace interrupted", e.getMessage());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("netns-interrupted"))) {
            assertTrue(System.nanoTime() < deadline, "the namespace's thread is still running");
            Thread.sleep(10);
        }
    }

    @Test
    void openPlusCloseTime() throws Exception {
        int runs = 30;
        long[] micros = new long[runs];
        for (int i = -5; i < runs; i++) {
            long start = System.nanoTime();
            Sandbox.open(spec("timing")).close();
            if (i >= 0) {
                micros[i] = (System.nanoTime() - start) / 1000;
            }
        }
        Arrays.sort(micros);
        System.out.printf("FRESH sandbox open+close over %d runs: median %.1f ms, min %.1f ms, max %.1f ms%n",
                runs, micros[runs / 2] / 1000.0, micros[0] / 1000.0, micros[runs - 1] / 1000.0);
    }

    /** As /proc/sys of the calling thread's namespace shows them. */
    private static Map<String, String> loopbackSysctls() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : LOOPBACK_SYSCTLS) {
            values.put(key, Files.readString(Path.of("/proc/sys/net/ipv4/conf", key)).strip());
        }
        return values;
    }
}

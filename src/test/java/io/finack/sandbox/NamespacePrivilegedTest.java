package io.finack.sandbox;

import io.finack.testing.Commands;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NetNamespace and NftGuard on their own, each in a fresh namespace (LinkConf has LinkConfPrivilegedTest). */
@Privileged
class NamespacePrivilegedTest {
    private static final Callable<String> OWN_NAMESPACE =
            () -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();

    @Test
    void callDirectEntersTheNamespaceWhileItsThreadIsBusy() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (NetNamespace namespace = NetNamespace.createFresh("visited")) {
            String inside = namespace.call(OWN_NAMESPACE);
            Thread blocker = new Thread(() -> {
                try {
                    namespace.call(() -> {
                        busy.countDown();
                        release.await();
                        return null;
                    });
                } catch (SandboxException e) {
                    throw new AssertionError(e);
                }
            });
            blocker.start();
            busy.await();
            assertEquals(inside, namespace.callDirect(OWN_NAMESPACE));
            assertNotEquals(inside, OWN_NAMESPACE.call());
            release.countDown();
            blocker.join();
        }
    }

    @Test
    void closingAGuardDeletesItsTableOnlyOnce() throws Exception {
        try (NetNamespace namespace = NetNamespace.createFresh("guard")) {
            NftGuard first = NftGuard.install(namespace, Set.of());
            NftGuard second = NftGuard.install(namespace, Set.of(40000));
            assertNotEquals(first.table(), second.table());
            assertTrue(tables(namespace).contains("table inet " + first.table() + "\n"));
            first.close();
            first.close();
            assertFalse(tables(namespace).contains("table inet " + first.table() + "\n"));
            assertTrue(tables(namespace).contains("table inet " + second.table() + "\n"));
            assertThrows(IllegalStateException.class, () -> first.addPort(40001));
            second.close();
            assertEquals("", tables(namespace));
        }
    }

    @Test
    void anNftFailureReportsNftsFirstErrorLine() throws Exception {
        try (NetNamespace namespace = NetNamespace.createFresh("bad-ruleset")) {
            SandboxException e = assertThrows(SandboxException.class, () -> namespace.call(() -> {
                Nft.run("add table inet finack_bad\nflush chain inet finack_bad no_such_chain\n");
                return null;
            }));
            assertTrue(e.getMessage().startsWith("nft failed: /dev/stdin:2:"), e.getMessage());
            assertTrue(e.getMessage().contains("Error: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals("", tables(namespace), "a failed ruleset commits nothing");
        }
    }

    private static String tables(NetNamespace namespace) throws SandboxException {
        return namespace.call(() -> Commands.run("nft", "list", "tables"));
    }
}

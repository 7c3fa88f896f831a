package io.finack.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SysctlsTest {

    @Test
    void aDottedKeyIsAPathUnderProcSys() {
        assertEquals(Path.of("/proc/sys/net/ipv4/conf/lo/route_localnet"),
                Sysctls.path("net.ipv4.conf.lo.route_localnet"));
    }

    @Test
    void rejectsKeysThatAreNotDottedNames() {
        for (String key : new String[] {"", "net..ipv4", "net/ipv4", "../../etc/passwd", "net.ipv4.", ".net"}) {
            assertThrows(IllegalArgumentException.class, () -> Sysctls.path(key), key);
        }
    }

    /** Only unknown keys, so the caller's namespace stays untouched. */
    @Test
    void anUnknownKeyFailsWithAOneLineMessageNamingIt() throws SandboxException {
        try (NetNamespace namespace = NetNamespace.current("sysctls-test");
             Sysctls sysctls = new Sysctls(namespace)) {
            SandboxException get = assertThrows(SandboxException.class, () -> sysctls.get("net.ipv4.finack_no_such_key"));
            assertEquals("cannot read sysctl net.ipv4.finack_no_such_key: no such key", get.getMessage());
            SandboxException set = assertThrows(SandboxException.class,
                    () -> sysctls.set("net.ipv4.finack_no_such_key", "1"));
            assertEquals("cannot read sysctl net.ipv4.finack_no_such_key: no such key", set.getMessage());
        }
    }
}

package io.finack.sandbox;

import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LinkConf against the live kernel, in fresh namespaces; /proc/sys, which stays readable, tells the truth. */
@Privileged
class LinkConfPrivilegedTest {

    @Test
    void setsAndReadsBackInsideAFreshNamespaceRestoresOnCloseAndLeavesTheHostAlone() throws Exception {
        Map<String, String> host = ipv4Conf();
        try (NetNamespace namespace = NetNamespace.createFresh("link-conf")) {
            Map<String, String> inside = namespace.call(LinkConfPrivilegedTest::ipv4Conf);
            Map<LinkConf.Ipv4, Integer> before = new LinkedHashMap<>();
            try (LinkConf lo = new LinkConf(namespace, "lo")) {
                for (LinkConf.Ipv4 setting : LinkConf.Ipv4.values()) {
                    before.put(setting, lo.get(setting));
                    assertEquals(inside.get("lo." + setting.key()), before.get(setting).toString(), setting.key());
                    lo.set(setting, 1);
                    lo.set(setting, 0);
                    lo.set(setting, 1);
                    assertEquals(1, lo.get(setting), setting.key());
                }
                Map<String, String> set = new LinkedHashMap<>(inside);
                for (LinkConf.Ipv4 setting : LinkConf.Ipv4.values()) {
                    set.put("lo." + setting.key(), "1");
                }
                assertEquals(set, namespace.call(LinkConfPrivilegedTest::ipv4Conf), "only lo's settings changed");
                assertEquals(host, ipv4Conf());
            }
            LinkConf again = new LinkConf(namespace, "lo");
            for (LinkConf.Ipv4 setting : LinkConf.Ipv4.values()) {
                assertEquals(before.get(setting), again.get(setting), setting.key());
            }
            assertEquals(inside, namespace.call(LinkConfPrivilegedTest::ipv4Conf));
        }
        assertEquals(host, ipv4Conf());
    }

    @Test
    void anUnknownInterfaceFailsWithAOneLineMessageNamingTheSetting() throws Exception {
        try (NetNamespace namespace = NetNamespace.createFresh("link-conf-missing");
             LinkConf missing = new LinkConf(namespace, "finack0")) {
            SandboxException set = assertThrows(SandboxException.class, () -> missing.set(LinkConf.Ipv4.ROUTE_LOCALNET, 1));
            assertEquals("cannot read net.ipv4.conf.finack0.route_localnet: RTM_GETLINK: No such device (errno 19)",
                    set.getMessage());
        }
    }

    /** The settings LinkConf sets, for lo and all, as /proc/sys of the calling thread's namespace shows them. */
    private static Map<String, String> ipv4Conf() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String device : new String[] {"lo", "all"}) {
            for (LinkConf.Ipv4 setting : LinkConf.Ipv4.values()) {
                values.put(device + "." + setting.key(),
                        Files.readString(Path.of("/proc/sys/net/ipv4/conf", device, setting.key())).strip());
            }
        }
        return values;
    }
}

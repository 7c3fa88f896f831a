package io.finack.script;

import io.finack.sandbox.Tun0Spec;
import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** packetdrill's addresses onto finack's, in socket addresses and shell lines, for each variant. */
class AddressMapTest {
    private static AddressMap runAll(Variant variant) {
        return AddressMap.of(variant, Optional.of("192.168.0.1"), Optional.of("192.0.2.1"), Optional.of("192.168.0.1"),
                Optional.of("255.255.0.0"));
    }

    @Test
    void ipv4MapsTheLocalSubnetInto127_1AndTheRemoteTo127_2_0_1() {
        AddressMap map = runAll(Variant.IPV4);
        assertEquals(Endpoint.literal("127.1.0.1"), map.kernel());
        assertEquals(Endpoint.literal("127.2.0.1"), map.harness());
        assertEquals(Optional.of(AddressMap.Role.KERNEL), map.role("192.168.0.1"));
        assertEquals(Optional.of(AddressMap.Role.HARNESS), map.role("192.0.2.1"));
        assertEquals(Optional.empty(), map.role("10.0.0.1"));
        assertEquals(new Tun0Spec(1500, Endpoint.literal("127.1.0.1"), 16, Endpoint.literal("127.2.0.1"),
                Endpoint.literal("127.1.0.1")), map.tun0(1500));
    }

    @Test
    void shellLinesActOnFinacksAddressesWithPrefixesAndMappedFormsKept() {
        AddressMap map = runAll(Variant.IPV4);
        assertEquals("ip route change 127.2.0.1 via 127.1.0.1 dev tun0 advmss 600",
                map.substitute("ip route change 192.0.2.1 via 192.168.0.1 dev tun0 advmss 600"));
        assertEquals("ip route add 127.2.0.1/24 dev tun0; ping ::ffff:127.2.0.1; echo 1192.0.2.10 10.1.2.3",
                map.substitute("ip route add 192.0.2.1/24 dev tun0; ping ::ffff:192.0.2.1; echo 1192.0.2.10 10.1.2.3"));
    }

    @Test
    void aScriptsOwnAddressesAndGatewayMapIntoTheSameSubnet() {
        AddressMap map = AddressMap.of(Variant.IPV4, Optional.of("192.168.0.2"), Optional.of("10.248.0.3"),
                Optional.of("192.168.0.3"), Optional.empty());
        assertEquals(Endpoint.literal("127.1.0.2"), map.kernel());
        assertEquals("ip route change 127.2.0.1 via 127.1.0.3 dev tun0",
                map.substitute("ip route change 10.248.0.3 via 192.168.0.3 dev tun0"));
        // packetdrill's defaults stay mapped: 192.0.2.1 is the remote whatever --remote_ip says.
        assertEquals(Optional.of(AddressMap.Role.HARNESS), map.role("192.0.2.1"));
    }

    @Test
    void ipv6UsesLinkLocalAddressesScopedToTun0() {
        AddressMap map = AddressMap.of(Variant.IPV6, Optional.of("fd3d:0a0b:17d6::1"), Optional.of("fd3d:fa7b:d17d::1"),
                Optional.of("fd3d:0a0b:17d6:8888::1"), Optional.empty());
        Endpoint kernel = map.endpoint(map.kernel(), 8080);
        assertEquals(Tun0Spec.IFINDEX, kernel.scopeId());
        assertEquals("[fe80::1]:8080", kernel.toString());
        assertEquals("ip -6 route change fe80::2 via fe80::3 dev tun0 advmss 1480",
                map.substitute("ip -6 route change fd3d:fa7b:d17d::1 via fd3d:0a0b:17d6:8888::1 dev tun0 advmss 1480"));
        assertEquals(Optional.of(AddressMap.Role.KERNEL), map.role("fd3d:a0b:17d6::1"));
    }

    @Test
    void ipv4MappedIpv6KeepsIpv4OnTheWireAndMapsTheMappedForms() {
        AddressMap map = runAll(Variant.IPV4_MAPPED_IPV6);
        assertEquals(Endpoint.Family.IPV4, Endpoint.of(map.kernel().getHostAddress(), 1).family());
        assertEquals(Optional.of(AddressMap.Role.HARNESS), map.role("::ffff:192.0.2.1"));
        assertEquals(Endpoint.Family.IPV6, map.variant().sockets());
    }

    @Test
    void anAddressOfTheWrongFamilyOrABadNetmaskIsRefusedByName() {
        assertEquals("--local_ip=fd::1 is not an IPv4 address, as this run's --ip_version needs",
                assertThrows(IllegalArgumentException.class, () -> AddressMap.of(Variant.IPV4, Optional.of("fd::1"),
                        Optional.empty(), Optional.empty(), Optional.empty())).getMessage());
        assertEquals("--netmask_ip=255.0.255.0 is no netmask", assertThrows(IllegalArgumentException.class,
                () -> AddressMap.of(Variant.IPV4, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of("255.0.255.0"))).getMessage());
    }

    @Test
    void variantsFollowRunAllsFileNameRule() {
        assertEquals(java.util.List.of(Variant.IPV4, Variant.IPV4_MAPPED_IPV6, Variant.IPV6), Variant.forFile("x.pkt"));
        assertEquals(java.util.List.of(Variant.IPV4, Variant.IPV4_MAPPED_IPV6), Variant.forFile("basic-v4.pkt"));
        assertEquals(java.util.List.of(Variant.IPV6), Variant.forFile("basic-v6.pkt"));
        assertEquals(Optional.of(Variant.IPV4_MAPPED_IPV6), Variant.parse("ipv4-mapped-ipv6"));
    }
}

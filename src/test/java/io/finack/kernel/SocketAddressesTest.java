package io.finack.kernel;

import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.nio.ByteOrder;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SocketAddressesTest {
    @BeforeAll
    static void littleEndianHost() {
        // The expected bytes spell the host-order family field for x86-64 and arm64.
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "little-endian host");
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void encodesSockaddrIn() {
        assertArrayEquals(hex("0200 1f90 7f000001 0000000000000000"),
                SocketAddresses.encode(Endpoint.of("127.0.0.1", 8080)));
        assertArrayEquals(hex("0200 ffff 7f0a0b0c 0000000000000000"),
                SocketAddresses.encode(Endpoint.of("127.10.11.12", 65535)));
    }

    @Test
    void encodesSockaddrIn6With28Bytes() {
        byte[] bytes = SocketAddresses.encode(Endpoint.of("::1", 443));
        assertEquals(SocketAddresses.IPV6_SIZE, bytes.length);
        assertArrayEquals(hex("0a00 01bb 00000000 00000000000000000000000000000001 00000000"), bytes);
        assertArrayEquals(hex("0a00 8000 00000000 20010db8000000000000000000000abc 00000000"),
                SocketAddresses.encode(Endpoint.of("2001:db8::abc", 32768)));
    }

    @Test
    void decodesWhatItEncodes() {
        for (Endpoint e : new Endpoint[] {Endpoint.of("127.0.0.1", 1), Endpoint.of("::1", 65535),
                Endpoint.of("2001:db8::abc", 40000), Endpoint.of("0.0.0.0", 0)}) {
            assertEquals(e, SocketAddresses.decode(SocketAddresses.encode(e)));
        }
    }

    @Test
    void decodesIpv6IgnoringFlowInfoAndScope() {
        Endpoint e = SocketAddresses.decode(hex("0a00 c350 12345678 00000000000000000000000000000001 05000000"));
        assertEquals(Endpoint.of("::1", 50000), e);
    }

    @Test
    void decodesIpv4MappedAddressAsIpv4() {
        Endpoint e = SocketAddresses.decode(hex("0a00 1f90 00000000 00000000000000000000ffff7f000001 00000000"));
        assertEquals(Endpoint.of("127.0.0.1", 8080), e);
        assertInstanceOf(Inet4Address.class, e.address());
    }

    @Test
    void rejectsOtherFamilies() {
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.decode(hex("1000 0000 00000000 00000000")));
        assertEquals(Libc.AF_INET6, SocketAddresses.addressFamily(Endpoint.Family.IPV6));
        assertEquals(Endpoint.Family.IPV4, SocketAddresses.family(Libc.AF_INET));
    }
}

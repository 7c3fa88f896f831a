package io.finack.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointTest {
    @Test
    void printsAddressesAsPeopleWriteThem() {
        assertEquals("127.0.0.1:8080", Endpoint.of("127.0.0.1", 8080).toString());
        assertEquals("[::1]:8080", Endpoint.of("::1", 8080).toString());
        assertEquals("[::]:1", Endpoint.of("::", 1).toString());
        assertEquals("[2001:db8::1:0:0:1]:1", Endpoint.of("2001:db8:0:0:1:0:0:1", 1).toString());
        assertEquals("[2001:db8:0:1:1:1:1:1]:1", Endpoint.of("2001:db8:0:1:1:1:1:1", 1).toString());
        assertEquals("[fe80::]:1", Endpoint.of("fe80:0:0:0:0:0:0:0", 1).toString());
    }

    @Test
    void loopbackMeansOnly127Slash8AndColonColon1() {
        assertTrue(Endpoint.of("127.3.2.1", 1).loopback());
        assertTrue(Endpoint.of("::1", 1).loopback());
        assertFalse(Endpoint.of("10.0.0.1", 1).loopback());
        assertFalse(Endpoint.of("::ffff:10.0.0.1", 1).loopback());
    }

    @Test
    void refusesNamesAndBadPorts() {
        assertThrows(IllegalArgumentException.class, () -> Endpoint.of("localhost", 1));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.of("127.0.0.1", 65536));
    }
}

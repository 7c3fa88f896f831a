package io.finack.kernel;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FastOpenCookiesTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The test vector of the SipHash paper (appendix A): key 00..0f, message 00..0e. */
    @Test
    void sipHash24MatchesThePapersVector() {
        byte[] message = new byte[15];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, FastOpenCookies.sipHash24(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, message));
    }

    /**
     * The cookies this kernel gave for defaults.sh's key (PLATFORM.md): 759cf0fb7e25ab40 to
     * 127.2.0.1 connecting to 127.1.0.1 (read from a SYN/ACK), 3021b9d889017eeb for
     * packetdrill's own 192.0.2.1 to 192.168.0.1 (run_all.py's TFO_COOKIE).
     */
    @Test
    void theKernelsCookieForDefaultsKey() throws Exception {
        long[] key = FastOpenCookies.parseKey("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4").orElseThrow();
        assertEquals(0xb2b2b2b2a1a1a1a1L, key[0]);
        assertEquals(0xd4d4d4d4c3c3c3c3L, key[1]);
        assertArrayEquals(HEX.parseHex("759cf0fb7e25ab40"),
                FastOpenCookies.cookie(key, InetAddress.getByName("127.2.0.1"), InetAddress.getByName("127.1.0.1")));
        assertArrayEquals(HEX.parseHex("3021b9d889017eeb"),
                FastOpenCookies.cookie(key, InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.168.0.1")));
    }

    @Test
    void aKeyWithABackupReadsAsItsPrimaryOnly() {
        long[] key = FastOpenCookies.parseKey("00000001-00000002-00000003-00000004,0000000a-0000000b-0000000c-0000000d\n").orElseThrow();
        assertEquals(0x0000000200000001L, key[0]);
        assertEquals(Optional.empty(), FastOpenCookies.parseKey("not a key"));
    }
}

package io.finack.sandbox;

import io.finack.kernel.Netlink;
import io.finack.kernel.SyscallException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RtNetlinkTest {
    /** ifinfomsg of lo: AF_UNSPEC, ARPHRD_LOOPBACK, index 1, IFF_UP|IFF_LOOPBACK|IFF_RUNNING|IFF_LOWER_UP. */
    private static final String LO_IFINFOMSG = "00 00 0403 01000000 49000100 00000000";
    private static final String IFNAME_LO = "0700 0300 6c6f00 00";
    private static final String MTU_65536 = "0800 0400 00000100";

    @BeforeAll
    static void littleEndianHost() {
        // The expected bytes spell netlink's host-order fields for x86-64 and arm64.
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "little-endian host");
    }

    @Test
    void setLinkCarriesOneU32PerSettingTypedByItsIndex() {
        assertArrayEquals(hex("44000000 1300 0500 07000000 00000000" // RTM_SETLINK, NLM_F_REQUEST|NLM_F_ACK
                        + "00 00 0000 00000000 00000000 00000000" // ifinfomsg: the name says which link
                        + IFNAME_LO
                        + "1c00 1a80" // IFLA_AF_SPEC, nested
                        + "1800 0280" // AF_INET, nested
                        + "1400 0180" // IFLA_INET_CONF, nested
                        + "0800 1700 01000000" // IPV4_DEVCONF_ACCEPT_LOCAL = 1
                        + "0800 1a00 00000000"), // IPV4_DEVCONF_ROUTE_LOCALNET = 0
                RtNetlink.setIpv4Conf("lo", new TreeMap<>(Map.of(26, 0, 23, 1)), 7));
    }

    @Test
    void aNameIsPaddedToFourBytesAfterItsNul() {
        assertArrayEquals(hex("28000000 1200 0100 03000000 00000000" + "00".repeat(16) + IFNAME_LO),
                RtNetlink.getLink("lo", 3));
        assertArrayEquals(hex("28000000 1200 0100 03000000 00000000" + "00".repeat(16) + "0800 0300 657468 00"),
                RtNetlink.getLink("eth", 3));
        assertArrayEquals(hex("2c000000 1200 0100 03000000 00000000" + "00".repeat(16) + "0900 0300 65746830 00 000000"),
                RtNetlink.getLink("eth0", 3));
    }

    @Test
    void rejectsWhatIsNoInterfaceNameOrSetting() {
        for (String name : new String[] {"", ".", "..", "a/b", "a:b", "a b", "sixteen_chars_xx", "é"}) {
            assertThrows(IllegalArgumentException.class, () -> RtNetlink.getLink(name, 1), name);
        }
        assertDoesNotThrow(() -> RtNetlink.getLink("fifteen_chars_x", 1));
        assertThrows(IllegalArgumentException.class, () -> RtNetlink.setIpv4Conf("lo", new TreeMap<>(), 1));
        assertThrows(IllegalArgumentException.class, () -> RtNetlink.setIpv4Conf("lo", new TreeMap<>(Map.of(0, 1)), 1));
    }

    @Test
    void anAckOfItsOwnSequenceIsAccepted() throws Exception {
        byte[] datagram = concat(
                message(Netlink.NLMSG_ERROR, 6, hex("edffffff" + "44000000 1300 0500 06000000 00000000")),
                message(Netlink.NLMSG_ERROR, 7, hex("00000000" + "44000000 1300 0500 07000000 00000000")));
        RtNetlink.checkAck(datagram, datagram.length, 7);
    }

    @Test
    void anErrorBecomesSyscallExceptionWithItsErrno() {
        byte[] datagram = message(Netlink.NLMSG_ERROR, 7, hex("edffffff" + "44000000 1300 0500 07000000 00000000"));
        SyscallException e = assertThrows(SyscallException.class, () -> RtNetlink.checkAck(datagram, datagram.length, 7));
        assertEquals(19, e.errno());
        assertEquals("RTM_SETLINK: No such device (errno 19)", e.getMessage());
        SyscallException get = assertThrows(SyscallException.class, () -> RtNetlink.ipv4Conf(datagram, datagram.length, 7));
        assertEquals("RTM_GETLINK: No such device (errno 19)", get.getMessage());
    }

    @Test
    void noAnswerOfItsSequenceOrAMalformedOneIsAnIllegalState() {
        byte[] other = message(Netlink.NLMSG_ERROR, 6, hex("00000000"));
        assertThrows(IllegalStateException.class, () -> RtNetlink.checkAck(other, other.length, 7));
        byte[] cut = message(Netlink.NLMSG_ERROR, 7, hex("00000000"));
        assertThrows(IllegalStateException.class, () -> RtNetlink.checkAck(cut, cut.length - 4, 7));
        byte[] link = newLink(7, attribute(2, hex("0c00 0100 01000000 02000000")));
        assertThrows(IllegalStateException.class, () -> RtNetlink.checkAck(link, link.length, 7));
    }

    @Test
    void readsTheIpv4SettingsAsAnArrayIndexedFromOne() throws Exception {
        int[] settings = IntStream.rangeClosed(1, 33).map(i -> i == 26 ? 1 : 1000 + i).toArray();
        ByteBuffer array = ByteBuffer.allocate(4 * settings.length).order(ByteOrder.LITTLE_ENDIAN);
        IntStream.of(settings).forEach(array::putInt);
        byte[] conf = concat(hex("8800 0100"), array.array()); // IFLA_INET_CONF: 4 + 33 * 4 bytes, no nesting
        byte[] afSpec = concat(
                hex("0c00 0a00" + "0800 0100 00000080"), // AF_INET6 first, holding an attribute of type 1 too
                attribute(2, conf));
        byte[] datagram = newLink(9, afSpec);
        // The receive buffer is larger than the datagram; what follows it must not be read.
        byte[] buffer = Arrays.copyOf(datagram, datagram.length + 64);
        Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0xff);

        assertArrayEquals(settings, RtNetlink.ipv4Conf(buffer, datagram.length, 9));
    }

    @Test
    void aLinkWithoutIpv4HasNoSettings() throws Exception {
        byte[] datagram = newLink(9, hex("0c00 0a00" + "0800 0100 00000080"));
        assertArrayEquals(new int[0], RtNetlink.ipv4Conf(datagram, datagram.length, 9));
        byte[] noAfSpec = message(RtNetlink.RTM_NEWLINK, 9, hex(LO_IFINFOMSG + IFNAME_LO));
        assertArrayEquals(new int[0], RtNetlink.ipv4Conf(noAfSpec, noAfSpec.length, 9));
    }

    /** RTM_NEWLINK for lo with a name, an MTU, and the given IFLA_AF_SPEC contents. */
    private static byte[] newLink(int seq, byte[] afSpec) {
        return message(RtNetlink.RTM_NEWLINK, seq, concat(hex(LO_IFINFOMSG + IFNAME_LO + MTU_65536), attribute(26, afSpec)));
    }

    /** An attribute without NLA_F_NESTED, as the kernel writes them. */
    private static byte[] attribute(int type, byte[] payload) {
        int length = RtNetlink.NLA_HDRLEN + payload.length;
        return ByteBuffer.allocate((length + 3) & ~3).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) length).putShort((short) type).put(payload).array();
    }

    private static byte[] message(short type, int seq, byte[] payload) {
        int length = Netlink.NLMSG_HDRLEN + payload.length;
        ByteBuffer b = ByteBuffer.allocate((length + 3) & ~3).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(length).putShort(type).putShort((short) 0).putInt(seq).putInt(4242).put(payload);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }
}

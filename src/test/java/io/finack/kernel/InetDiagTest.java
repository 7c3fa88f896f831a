package io.finack.kernel;

import io.finack.tcp.Endpoint;
import io.finack.tcp.TcpState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static io.finack.kernel.SocketAddressesTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class InetDiagTest {
    /** inet_diag_msg of an IPv4 ESTABLISHED socket 127.0.0.1:40000 -> 127.0.0.1:8080, inode 12345. */
    static final byte[] ESTABLISHED_V4 = hex("02 01 00 00" + "9c40 1f90"
            + "7f000001 000000000000000000000000" + "7f000001 000000000000000000000000"
            + "00000000" + "0100000000000000"
            + "00000000 00000000 00000000 00000000 39300000");
    /** inet_diag_msg of an IPv6 timewait socket in FIN_WAIT2, [::1]:8080 -> [::1]:40000, timer 3, 59876 ms left. */
    static final byte[] TIMEWAIT_V6 = hex("0a 05 03 00" + "1f90 9c40"
            + "00000000000000000000000000000001" + "00000000000000000000000000000001"
            + "00000000" + "0200000000000000"
            + "e4e90000 00000000 00000000 00000000 00000000");
    /** An INET_DIAG_SHUTDOWN attribute: nla_len 5, so its message length is not a multiple of 4. */
    static final byte[] SHUTDOWN_ATTRIBUTE = hex("0500 0800 03");

    @BeforeAll
    static void littleEndianHost() {
        // The expected bytes spell netlink's host-order fields for x86-64 and arm64.
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "little-endian host");
    }

    @Test
    void dumpRequestAsksForEveryTcpStateOfOneFamily() {
        assertArrayEquals(hex("48000000 1400 0103 07000000 00000000" + "0a 06 02 00 ffffffff" + "00".repeat(48)),
                InetDiag.dumpRequest(Endpoint.Family.IPV6, 7));
        assertArrayEquals(hex("48000000 1400 0103 01000000 00000000" + "02 06 02 00 ffffffff" + "00".repeat(48)),
                InetDiag.dumpRequest(Endpoint.Family.IPV4, 1));
    }

    @Test
    void parsesEveryMessageOfItsSequenceUntilDone() throws Exception {
        byte[] datagram = concat(
                message(InetDiag.SOCK_DIAG_BY_FAMILY, 5, concat(ESTABLISHED_V4, SHUTDOWN_ATTRIBUTE)),
                message(Netlink.NLMSG_ERROR, 4, hex("ffffffff")),
                message(InetDiag.SOCK_DIAG_BY_FAMILY, 5, TIMEWAIT_V6),
                message(Netlink.NLMSG_DONE, 5, hex("00000000")));
        // The receive buffer is larger than the datagram; what follows it must not be read.
        byte[] buffer = Arrays.copyOf(datagram, datagram.length + 64);
        Arrays.fill(buffer, datagram.length, buffer.length, (byte) 0xff);

        InetDiag.Batch batch = InetDiag.parse(buffer, datagram.length, 5);

        assertTrue(batch.done());
        assertEquals(List.of(
                new SocketInfo(TcpState.ESTABLISHED, Endpoint.of("127.0.0.1", 40000), Endpoint.of("127.0.0.1", 8080),
                        12345, 0, 0, 0),
                new SocketInfo(TcpState.FIN_WAIT2, Endpoint.of("::1", 8080), Endpoint.of("::1", 40000),
                        0, 3, 0, 59876)), batch.sockets());
    }

    @Test
    void decodesTheTcpInfoAttributeAmongOthers() throws Exception {
        // tcp_info as an older kernel's 104 bytes: state 1, rto 204000 us, snd_cwnd 10.
        ByteBuffer info = ByteBuffer.allocate(104).order(ByteOrder.LITTLE_ENDIAN);
        info.put(0, (byte) 1).putInt(8, 204_000).putInt(80, 10);
        ByteBuffer attribute = ByteBuffer.allocate(4 + 104).order(ByteOrder.LITTLE_ENDIAN);
        attribute.putShort((short) (4 + 104)).putShort(InetDiag.INET_DIAG_INFO).put(info.array());
        byte[] datagram = message(InetDiag.SOCK_DIAG_BY_FAMILY, 2,
                concat(ESTABLISHED_V4, hex("0500 0800 03 000000"), attribute.array()));

        SocketInfo socket = InetDiag.parse(datagram, datagram.length, 2).sockets().get(0);

        TcpInfo decoded = socket.tcpInfo().orElseThrow();
        assertEquals(1, decoded.get("tcpi_state").getAsLong());
        assertEquals(204_000, decoded.get("tcpi_rto").getAsLong());
        assertEquals(10, decoded.get("tcpi_snd_cwnd").getAsLong());
        assertFalse(decoded.get("tcpi_pacing_rate").isPresent(), "the struct ends where the attribute does");
    }

    @Test
    void aMessageWithoutTheAttributeHasNoTcpInfo() throws Exception {
        byte[] datagram = message(InetDiag.SOCK_DIAG_BY_FAMILY, 9, concat(TIMEWAIT_V6, SHUTDOWN_ATTRIBUTE));
        assertTrue(InetDiag.parse(datagram, datagram.length, 9).sockets().get(0).tcpInfo().isEmpty());
    }

    @Test
    void rejectsAnAttributeLongerThanItsMessage() {
        byte[] datagram = message(InetDiag.SOCK_DIAG_BY_FAMILY, 9, concat(ESTABLISHED_V4, hex("4000 0200 00000000")));
        assertThrows(IllegalStateException.class, () -> InetDiag.parse(datagram, datagram.length, 9));
    }

    @Test
    void datagramWithoutDoneLeavesTheDumpOpen() throws Exception {
        byte[] datagram = message(InetDiag.SOCK_DIAG_BY_FAMILY, 9, ESTABLISHED_V4);
        InetDiag.Batch batch = InetDiag.parse(datagram, datagram.length, 9);
        assertFalse(batch.done());
        assertEquals(1, batch.sockets().size());
    }

    @Test
    void errorMessageBecomesSyscallException() {
        byte[] datagram = message(Netlink.NLMSG_ERROR, 3, concat(hex("ffffffff"), InetDiag.dumpRequest(Endpoint.Family.IPV4, 3)));
        SyscallException e = assertThrows(SyscallException.class, () -> InetDiag.parse(datagram, datagram.length, 3));
        assertEquals("EPERM", e.errnoName());
        assertEquals("sock_diag: Operation not permitted (errno 1)", e.getMessage());
    }

    @Test
    void failedDoneBecomesSyscallException() {
        byte[] datagram = message(Netlink.NLMSG_DONE, 3, hex("97ffffff"));
        SyscallException e = assertThrows(SyscallException.class, () -> InetDiag.parse(datagram, datagram.length, 3));
        assertEquals("ENOBUFS", e.errnoName());
    }

    @Test
    void rejectsMessagesLongerThanTheDatagramOrTooShort() {
        byte[] datagram = message(InetDiag.SOCK_DIAG_BY_FAMILY, 1, ESTABLISHED_V4);
        assertThrows(IllegalStateException.class, () -> InetDiag.parse(datagram, datagram.length - 4, 1));
        byte[] shortMessage = message(InetDiag.SOCK_DIAG_BY_FAMILY, 1, Arrays.copyOf(ESTABLISHED_V4, 40));
        assertThrows(IllegalStateException.class, () -> InetDiag.parse(shortMessage, shortMessage.length, 1));
    }

    /** A netlink message: header (host order), payload, zero padding to 4 bytes. */
    static byte[] message(short type, int seq, byte[] payload) {
        int length = Netlink.NLMSG_HDRLEN + payload.length;
        ByteBuffer b = ByteBuffer.allocate((length + 3) & ~3).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(length).putShort(type).putShort((short) 0x2).putInt(seq).putInt(4242).put(payload);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

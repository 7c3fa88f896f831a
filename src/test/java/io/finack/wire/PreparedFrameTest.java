package io.finack.wire;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PreparedFrameTest {
    private static TcpFrame frame(String address, long ack) {
        return frame(address, 8080, 1_000_000, ack);
    }

    private static TcpFrame frame(String address, int sourcePort, long seq, long ack) {
        return new TcpFrame(Endpoint.of(address, sourcePort), Endpoint.of(address, 40000),
                Segment.builder().flags(Flags.SYN_ACK).seq(seq).ack(ack).window(65535)
                        .options(new TcpOption.Mss(1460)).build());
    }

    @Test
    void writtenPortSeqAndAckEqualAFreshEncodingOnBothFamilies() {
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            PreparedFrame prepared = PreparedFrame.of(frame(address, 0));
            byte[] out = new byte[prepared.length()];
            for (int port : new int[] {1, 8080, 0x8000, 65535}) {
                for (long n : new long[] {0, 1, 0xffff, 0x10000, 0x80000000L, 0xffffffffL, 2541101298L}) {
                    prepared.writeTo(out, port, n, 0xffffffffL - n);
                    assertArrayEquals(FrameCodec.encode(frame(address, port, n, 0xffffffffL - n)), out,
                            address + " port " + port + " seq " + n);
                }
            }
        }
    }

    @Test
    void patchedAckEqualsAFreshEncodingOnBothFamilies() {
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            PreparedFrame prepared = PreparedFrame.of(frame(address, 0));
            for (long ack : new long[] {0, 1, 0xffff, 0x10000, 0x7fffffffL, 0x80000000L, 0xfffffffeL, 0xffffffffL, 2541101298L}) {
                assertArrayEquals(FrameCodec.encode(frame(address, ack)), prepared.withAck(ack), address + " ack " + ack);
            }
        }
    }

    @Test
    void theTemplateIsNotChangedByPatching() {
        PreparedFrame prepared = PreparedFrame.of(frame("127.0.0.1", 0));
        byte[] before = prepared.bytes();
        prepared.withAck(12345);
        assertArrayEquals(before, prepared.bytes());
    }
    @Test
    void forAnotherHostOnlyTheDestinationMacDiffers() {
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            PreparedFrame prepared = PreparedFrame.of(frame(address, 0));
            byte[] expected = FrameCodec.encode(frame(address, 2541101298L));
            System.arraycopy(new byte[] {0x02, 0, 0, 0, 0, 0x01}, 0, expected, 0, 6);
            assertArrayEquals(expected, prepared.forOtherHost().withAck(2541101298L), address);
        }
    }
}

package io.finack.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SegmentTest {
    @Test
    void synAndFinTakeSequenceSpace() {
        Segment syn = Segment.builder().flags(Flags.SYN_ONLY).seq(0xffffffffL).build();
        assertEquals(1, syn.sequenceLength());
        assertEquals(0, syn.endSeq());
        Segment finWithData = Segment.builder().flags(Flags.parse("FP.")).seq(100).payload(new byte[4]).build();
        assertEquals(5, finWithData.sequenceLength());
        assertEquals(105, finWithData.endSeq());
    }

    @Test
    void printsLikeTcpdump() {
        Segment s = Segment.builder().flags(Flags.SYN_ACK).seq(100).ack(1).window(512)
                .options(new TcpOption.Mss(1460), new TcpOption.SackPermitted(), new TcpOption.Timestamps(7, 0),
                        new TcpOption.Nop(), new TcpOption.WindowScale(7))
                .build();
        assertEquals("S. 100:100(0) ack 1 win 512 <mss 1460,sackOK,TS val 7 ecr 0,nop,wscale 7>", s.toString());
    }

    @Test
    void isAValue() {
        Segment a = Segment.builder().flags(Flags.ACK_ONLY).seq(1).ack(2).payload(new byte[] {1, 2}).build();
        byte[] payload = new byte[] {1, 2};
        Segment b = Segment.builder().flags(Flags.ACK_ONLY).seq(1).ack(2).payload(payload).build();
        payload[0] = 9;
        assertEquals(a, b);
        assertEquals(a, a.toBuilder().build());
        assertNotEquals(a, a.toBuilder().window(1).build());
    }

    @Test
    void refusesWhatCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> Segment.builder().window(65536).build());
        assertThrows(IllegalArgumentException.class, () -> Segment.builder().seq(1L << 32).build());
        TcpOption ts = new TcpOption.Timestamps(1, 1);
        assertThrows(IllegalArgumentException.class, () -> Segment.builder().options(ts, ts, ts, ts, ts).build());
    }
}

package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import io.finack.wire.FrameCodec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentPatternTest {
    private static final long ISN = 0xfffffff0L;

    private static SequenceMap learned() {
        SequenceMap numbers = new SequenceMap();
        numbers.learnFromKernel(Segment.builder().flags(Flags.SYN_ONLY).seq(ISN).build());
        return numbers;
    }

    @Test
    void kernelNumbersAreRelativeToItsIsnAcrossTheWrap() {
        SequenceMap numbers = learned();
        Segment ack = Segment.builder().flags(Flags.ACK_ONLY).seq(ISN + 1).ack(5).build();
        assertTrue(SegmentPattern.of(Flags.ACK_ONLY).seq(1).ack(5).mismatch(ack, numbers).isEmpty());
        Segment later = Segment.builder().flags(Flags.ACK_ONLY).seq(0x20).ack(5).build();
        assertTrue(SegmentPattern.of(Flags.ACK_ONLY).seq(0x30).mismatch(later, numbers).isEmpty());
    }

    @Test
    void aStaleAckBeforeTheIsnReadsAsANegativeOffset() {
        SequenceMap numbers = learned();
        Segment rst = Segment.builder().flags(Flags.RST_ONLY).seq(ISN - 19502346).window(0).build();
        assertTrue(SegmentPattern.of(Flags.RST_ONLY).seq(-19502346).mismatch(rst, numbers).isEmpty());
        assertEquals(Optional.of("tcp_seq: expected 5 vs actual -19502346"),
                SegmentPattern.of(Flags.RST_ONLY).seq(5).mismatch(rst, numbers));
    }

    @Test
    void saysWhichFieldDiffers() {
        SequenceMap numbers = learned();
        Segment synAck = Segment.builder().flags(Flags.SYN_ACK).seq(ISN).ack(1).options(new TcpOption.Mss(1460)).build();
        assertEquals(Optional.of("tcp flags: expected S vs actual S."),
                SegmentPattern.of(Flags.SYN_ONLY).mismatch(synAck, numbers));
        assertEquals(Optional.of("tcp_ack_seq: expected 2 vs actual 1"),
                SegmentPattern.of(Flags.SYN_ACK).ack(2).mismatch(synAck, numbers));
        SegmentPattern exactOptions = new SegmentPattern(Flags.SYN_ACK, OptionalLong.empty(), OptionalLong.empty(),
                OptionalInt.of(0), Optional.of(List.of(new TcpOption.Mss(536))));
        assertEquals(Optional.of("tcp options: expected [mss 536] vs actual [mss 1460]"),
                exactOptions.mismatch(synAck, numbers));
        Segment data = Segment.builder().flags(Flags.PSH_ACK).seq(ISN + 1).payload(new byte[4]).build();
        assertEquals(Optional.of("payload length: expected 0 vs actual 4"),
                SegmentPattern.of(Flags.PSH_ACK).mismatch(data, numbers));
    }

    @Test
    void printsLikePacketdrill() {
        assertEquals("> S 0:0(0) <...>", SegmentPattern.of(Flags.SYN_ONLY).seq(0).toString());
        assertEquals("> . 2:2(0) ack 1 <...>", SegmentPattern.of(Flags.ACK_ONLY).seq(2).ack(1).toString());
        assertEquals("< S. 1000000:1000000(0) ack 1 win 65535 <mss 1460>",
                SegmentTemplate.of(Flags.SYN_ACK, 1_000_000, 1, new TcpOption.Mss(1460)).toString());
    }

    /** The segment a template puts on the wire once the numbers known by then are filled in. */
    private static Segment sent(SegmentTemplate template, SequenceMap numbers) {
        byte[] frame = template.prepare(Endpoint.of("127.0.0.1", 8080), Endpoint.of("127.0.0.1", 40000))
                .withAck(template.ackFor(numbers));
        return FrameCodec.decodeEthernet(frame).orElseThrow().segment();
    }

    @Test
    void templatesResolveAcksAgainstTheKernelIsn() {
        SequenceMap numbers = learned();
        Segment stale = sent(SegmentTemplate.of(Flags.ACK_ONLY, 5, -19502346), numbers);
        assertEquals(ISN - 19502346, stale.ack());
        assertEquals(5, stale.seq());
        Segment rst = sent(SegmentTemplate.of(Flags.RST_ONLY, 1, 7), new SequenceMap());
        assertEquals(0, rst.ack(), "no ACK flag, no ack number, and no need to know the ISN");
    }
}

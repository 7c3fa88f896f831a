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
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        SegmentPattern exactOptions = SegmentPattern.of(Flags.SYN_ACK).options(List.of(new TcpOption.Mss(536)));
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

    @Test
    void numbersCompareModulo2To32AndTheWindowWhenGiven() {
        SequenceMap numbers = learned();
        Segment rst = Segment.builder().flags(Flags.RST_ONLY).seq(ISN - 5).window(0).build();
        assertTrue(SegmentPattern.of(Flags.RST_ONLY).seq(4294967291L).mismatch(rst, numbers).isEmpty());
        assertTrue(SegmentPattern.of(Flags.RST_ONLY).window(0).mismatch(rst, numbers).isEmpty());
        assertEquals(Optional.of("tcp_window: expected 257 vs actual 0"),
                SegmentPattern.of(Flags.RST_ONLY).window(257).mismatch(rst, numbers));
        assertEquals(Optional.of("tcp options: expected [] vs actual [mss 1460]"), SegmentPattern.of(Flags.SYN_ACK)
                .options(List.of()).mismatch(Segment.builder().flags(Flags.SYN_ACK).options(new TcpOption.Mss(1460)).build(),
                        numbers));
    }

    /**
     * The kernel's TS clock is its own: any TS value matches and pairs with the script's, and
     * a later inbound echo of a script value carries the kernel's real one.
     */
    @Test
    void timestampsPairTheKernelsClockWithTheScripts() throws PlanFailure {
        SequenceMap numbers = learned();
        Segment ack = Segment.builder().flags(Flags.ACK_ONLY).seq(ISN + 1).ack(1)
                .options(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamps(777_000, 100)).build();
        SegmentPattern pattern = SegmentPattern.of(Flags.ACK_ONLY)
                .options(List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamps(700, 100)));
        assertEquals(Optional.of("tcp options: expected [nop, nop, TS val 700 ecr 101] vs actual [nop, nop, TS val 777000 ecr 100]"),
                SegmentPattern.of(Flags.ACK_ONLY).options(List.of(new TcpOption.Nop(), new TcpOption.Nop(),
                        new TcpOption.Timestamps(700, 101))).mismatch(ack, numbers), "the echo is the harness's own value");
        assertTrue(pattern.mismatch(ack, numbers).isEmpty());
        Endpoint harness = Endpoint.of("127.0.0.1", 8080);
        Endpoint kernel = Endpoint.of("127.0.0.1", 40000);
        List<TcpOption> echo700 = List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamps(120, 700));
        byte[] exact = new SegmentTemplate(Flags.ACK_ONLY, 1, 1, 257, echo700, 0).encodeNow(harness, kernel, numbers);
        assertEquals(new TcpOption.Timestamps(120, 777_000), FrameCodec.decodeEthernet(exact).orElseThrow().segment().options().get(2),
                "an echo of a script value a kernel segment was matched with carries that segment's value");
        List<TcpOption> echo710 = List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamps(120, 710));
        SegmentTemplate unmatched = new SegmentTemplate(Flags.ACK_ONLY, 1, 1, 257, echo710, 0);
        PlanFailure failure = assertThrows(PlanFailure.class, () -> unmatched.encodeNow(harness, kernel, numbers));
        assertEquals("unable to infer live TS ecr for script TS ecr 710;  no matching or preceding outbound TS val", failure.getMessage());
        SegmentTemplate scaled = new SegmentTemplate(Flags.ACK_ONLY, 1, 1, 257, echo710, 0, io.finack.wire.IpFields.NONE, true);
        assertEquals(new TcpOption.Timestamps(120, 777_010),
                FrameCodec.decodeEthernet(scaled.encodeNow(harness, kernel, numbers)).orElseThrow().segment().options().get(2),
                "--tcp_ts_ecr_scaled moves an unmatched echo by the kernel's offset");
        assertTrue(unmatched.encodedWhenSent());
    }

    @Test
    void scriptOriginsMoveTheHarnessNumbersAndTheKernelsSynAndFailInScriptSpace() {
        SequenceMap numbers = learned();
        // After a SYN/ACK 123:123(0), the kernel's ACK of it is "ack 1"; its SACK blocks count the same way.
        Segment ack = Segment.builder().flags(Flags.ACK_ONLY).seq(ISN + 1).ack(124)
                .options(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Sack(List.of(new long[] {144, 154}))).build();
        SegmentPattern fromPeerIsn = SegmentPattern.of(Flags.ACK_ONLY).seq(1).ack(1).origins(0, 123);
        assertEquals(Optional.of("tcp options: expected [nop, nop, sack 21:31] vs actual [nop, nop, sack 21:30]"),
                fromPeerIsn.options(List.of(new TcpOption.Nop(), new TcpOption.Nop(),
                        new TcpOption.Sack(List.of(new long[] {21, 31})))).mismatch(
                        Segment.builder().flags(Flags.ACK_ONLY).seq(ISN + 1).ack(124).options(new TcpOption.Nop(),
                                new TcpOption.Nop(), new TcpOption.Sack(List.of(new long[] {144, 153}))).build(), numbers));
        assertTrue(fromPeerIsn.options(List.of(new TcpOption.Nop(), new TcpOption.Nop(),
                new TcpOption.Sack(List.of(new long[] {21, 31})))).mismatch(ack, numbers).isEmpty());
        assertEquals(Optional.of("tcp_ack_seq: expected 124 vs actual 1"),
                SegmentPattern.of(Flags.ACK_ONLY).ack(124).origins(0, 123).mismatch(ack, numbers));
        assertEquals(java.util.OptionalLong.of(124), fromPeerIsn.wireAck());
        // A SYN/ACK scripted as 1234:1234(0) is the kernel's ISN: it reads as 1234.
        Segment synAck = Segment.builder().flags(Flags.SYN_ACK).seq(ISN).ack(1).build();
        assertTrue(SegmentPattern.of(Flags.SYN_ACK).seq(1234).ack(1).origins(1234, 0).mismatch(synAck, numbers).isEmpty());
        assertEquals(Optional.of("tcp_seq: expected 0 vs actual 1234"),
                SegmentPattern.of(Flags.SYN_ACK).seq(0).origins(1234, 0).mismatch(synAck, numbers));
    }

    @Test
    void theUrgentPointerIsComparedZeroUnlessGiven() {
        SequenceMap numbers = learned();
        Segment urgent = Segment.builder().flags(new Flags(Flags.URG | Flags.PSH | Flags.ACK)).seq(ISN + 1).ack(11)
                .urgentPointer(10).payload(new byte[10]).build();
        SegmentPattern data = SegmentPattern.of(urgent.flags()).seq(1).ack(11).payloadLength(10);
        assertEquals(Optional.of("tcp_urg_ptr: expected 0 vs actual 10"), data.mismatch(urgent, numbers));
        assertEquals(Optional.of("tcp_urg_ptr: expected 5 vs actual 10"), data.urgentPointer(5).mismatch(urgent, numbers));
        assertTrue(data.urgentPointer(10).mismatch(urgent, numbers).isEmpty());
    }

    @Test
    void anInjectedSackCountsFromTheKernelsIsnAsItsAckDoes() throws PlanFailure {
        SequenceMap numbers = learned();
        SegmentTemplate sack = new SegmentTemplate(Flags.ACK_ONLY, 1, 1, 257,
                List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Sack(List.of(new long[] {4001, 5001}))), 0);
        Endpoint harness = Endpoint.of("127.0.0.1", 40000);
        Endpoint kernel = Endpoint.of("127.0.0.1", 8080);
        assertTrue(sack.encodedWhenSent(), "encoded once the kernel's ISN is known");
        Segment sent = FrameCodec.decodeEthernet(sack.encodeNow(harness, kernel, numbers)).orElseThrow().segment();
        assertEquals(new TcpOption.Sack(List.of(new long[] {ISN + 4001 - (1L << 32), ISN + 5001 - (1L << 32)})),
                sent.options().get(2));
    }
}

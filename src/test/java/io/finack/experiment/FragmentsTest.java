package io.finack.experiment;

import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** packetdrill's aggregation of kernel segments into the one a script line expects (run_packet.c). */
class FragmentsTest {
    private static Segment data(Flags flags, long seq, int length) {
        return Segment.builder().flags(flags).seq(seq).ack(1).payload(new byte[length]).build();
    }

    @Test
    void segmentsOfOneSizeAndARemainderMakeTheScriptsSegment() {
        Fragments f = new Fragments(2500, true);
        assertEquals(Optional.empty(), f.add(data(Flags.ACK_ONLY, 100, 1000)));
        assertTrue(f.waiting());
        assertEquals(Optional.empty(), f.add(data(Flags.ACK_ONLY, 1100, 1000)));
        assertEquals(Optional.empty(), f.add(data(Flags.PSH_ACK, 2100, 500)));
        assertFalse(f.waiting());
        assertEquals(Flags.PSH_ACK, f.header().flags(), "the last one's flags");
        assertEquals(100, f.header().seq(), "the first one's sequence number");
        assertEquals(2500, f.header().payloadLength());
        assertEquals(2500, f.segment(data(Flags.PSH_ACK, 2100, 500)).payloadLength());
    }

    @Test
    void theCwrFlagIsTheFirstSegments() {
        Fragments f = new Fragments(2000, true);
        f.add(data(Flags.parse("W."), 1, 1000));
        f.add(data(Flags.PSH_ACK, 1001, 1000));
        assertEquals(Flags.parse("PW."), f.header().flags());
    }

    @Test
    void aSegmentThatDoesNotContinueTheOneBeforeFailsInPacketdrillsWords() {
        Fragments gap = new Fragments(2000, true);
        gap.add(data(Flags.ACK_ONLY, 1, 1000));
        assertEquals(Optional.of("live packet field tcp_seq: expected: 1001 (0x3e9) vs actual: 1501 (0x5dd)"),
                gap.add(data(Flags.ACK_ONLY, 1501, 1000)));
        Fragments smaller = new Fragments(3000, true);
        smaller.add(data(Flags.ACK_ONLY, 1, 1000));
        assertEquals(Optional.of("fragment payload: expected 1000 bytes vs actual 500 bytes; total payload: expected 3000 bytes vs actual 1500 bytes"),
                smaller.add(data(Flags.ACK_ONLY, 1001, 500)));
        Fragments over = new Fragments(1500, true);
        over.add(data(Flags.ACK_ONLY, 1, 1000));
        assertEquals(Optional.of("live packet payload: expected 1500 bytes vs actual 2000 bytes"), over.add(data(Flags.ACK_ONLY, 1001, 1000)));
    }

    @Test
    void strictSegmentsTakeOneSegmentOnly() {
        Fragments f = new Fragments(2500, false);
        assertEquals(Optional.empty(), f.add(data(Flags.ACK_ONLY, 1, 1000)));
        assertFalse(f.waiting(), "the header check then says the payload differs");
        assertEquals(1000, f.header().payloadLength());
    }
}

package io.finack.wire;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-place view must agree with pcap4j's decoder, the reference, on every field it reads. */
class FrameViewTest {
    @Test
    void agreesWithThePcap4jDecoderOnRandomFrames() {
        Random random = new Random(42);
        List<String> addresses = List.of("127.0.0.1", "127.1.2.3", "::1");
        for (int i = 0; i < 2000; i++) {
            String address = addresses.get(random.nextInt(addresses.size()));
            Segment.Builder b = Segment.builder().flags(new Flags(random.nextInt(256)))
                    .seq(random.nextLong() & 0xffffffffL).ack(random.nextLong() & 0xffffffffL)
                    .window(random.nextInt(65536)).payload(new byte[random.nextInt(40)]);
            if (random.nextBoolean()) {
                b.options(new TcpOption.Mss(1460), new TcpOption.SackPermitted(),
                        new TcpOption.Timestamps(random.nextLong() & 0xffffffffL, 0), new TcpOption.Nop(), new TcpOption.WindowScale(7));
            }
            TcpFrame frame = new TcpFrame(Endpoint.of(address, random.nextInt(65536)), Endpoint.of(address, random.nextInt(65536)), b.build());
            byte[] raw = FrameCodec.encode(frame);
            FrameView view = FrameView.of(raw).orElseThrow();
            Segment decoded = FrameCodec.decodeEthernet(raw).orElseThrow().segment();
            assertEquals(decoded.flags(), view.flags());
            assertEquals(decoded.seq(), view.seq());
            assertEquals(decoded.ack(), view.ack());
            assertEquals(decoded.payloadLength(), view.payloadLength());
            assertEquals(frame.source().port(), view.sourcePort());
            assertEquals(frame.destination().port(), view.destinationPort());
            assertTrue(view.sentFrom(frame.source()));
            assertTrue(view.sentTo(frame.destination()));
        }
    }

    @Test
    void sentFromComparesAddressPortAndFamily() {
        byte[] raw = FrameCodec.encode(new TcpFrame(Endpoint.of("127.0.0.1", 40000), Endpoint.of("127.0.0.1", 8080),
                Segment.builder().flags(Flags.SYN_ONLY).build()));
        FrameView view = FrameView.of(raw).orElseThrow();
        assertTrue(view.sentFrom(Endpoint.of("127.0.0.1", 40000)));
        assertFalse(view.sentFrom(Endpoint.of("127.0.0.2", 40000)));
        assertFalse(view.sentFrom(Endpoint.of("127.0.0.1", 8080)));
        assertFalse(view.sentFrom(Endpoint.of("::1", 40000)));
    }

    @Test
    void sentToReadsTheDestinationNotTheSource() {
        for (String[] pair : new String[][] {{"127.0.0.1", "127.0.0.2"}, {"::1", "::2"}}) {
            FrameView view = FrameView.of(FrameCodec.encode(new TcpFrame(Endpoint.of(pair[0], 40000),
                    Endpoint.of(pair[1], 8080), Segment.builder().flags(Flags.SYN_ONLY).build()))).orElseThrow();
            assertTrue(view.sentTo(Endpoint.of(pair[1], 8080)));
            assertFalse(view.sentTo(Endpoint.of(pair[0], 8080)), "the source's address");
            assertFalse(view.sentTo(Endpoint.of(pair[1], 40000)), "the source's port");
            assertFalse(view.sentFrom(Endpoint.of(pair[1], 8080)));
        }
    }

    @Test
    void refusesWhatIsNotTcpOrIsCut() {
        byte[] raw = FrameCodec.encode(new TcpFrame(Endpoint.of("::1", 1), Endpoint.of("::1", 2),
                Segment.builder().flags(Flags.ACK_ONLY).payload(new byte[10]).build()));
        assertTrue(FrameView.of(Arrays.copyOf(raw, raw.length - 1)).isEmpty(), "payload cut short");
        assertTrue(FrameView.of(Arrays.copyOf(raw, 30)).isEmpty());
        assertTrue(FrameView.of(HexFormat.of().parseHex("ffffffffffff0000000000000806" + "00".repeat(28))).isEmpty());
        byte[] udp = FrameCodec.encode(new TcpFrame(Endpoint.of("127.0.0.1", 1), Endpoint.of("127.0.0.1", 2),
                Segment.builder().flags(Flags.ACK_ONLY).build()));
        udp[14 + 9] = 17;
        assertTrue(FrameView.of(udp).isEmpty());
    }
}

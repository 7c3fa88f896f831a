package io.finack.capture;

import io.finack.analysis.CaptureAnalysis;
import io.finack.analysis.PathFinding;
import io.finack.analysis.StaleAckDetector;
import io.finack.analysis.Verdict;
import io.finack.capture.CaptureBytes.Pcapng;
import io.finack.capture.CaptureBytes.Record;
import io.finack.tcp.Endpoint;
import io.finack.testing.TraceBuilder;
import io.finack.wire.CapturedFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.finack.testing.TraceBuilder.ack;
import static io.finack.testing.TraceBuilder.rst;
import static io.finack.testing.TraceBuilder.rstAck;
import static io.finack.testing.TraceBuilder.syn;
import static io.finack.testing.TraceBuilder.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same exchange (a fast stale-ACK chain on IPv6, a refused SYN on IPv4) written in formats
 * and link layers a production capture might have: the findings, frames and timings must not
 * depend on which.
 */
class AnyCaptureDetectionTest {
    private static final Endpoint CLIENT = Endpoint.of("2001:db8::10", 40000);
    private static final Endpoint SERVER = Endpoint.of("2001:db8::20", 443);
    private static final Endpoint CLIENT4 = Endpoint.of("10.0.0.1", 40001);
    private static final Endpoint SERVER4 = Endpoint.of("10.0.0.2", 443);

    @TempDir
    Path dir;

    private static List<CapturedFrame> exchange() {
        TraceBuilder t = new TraceBuilder();
        t.after(0, CLIENT, SERVER, syn(1000));
        t.after(30, CLIENT4, SERVER4, syn(5000));
        t.after(20, SERVER, CLIENT, ack(1, 5));
        t.after(10, SERVER4, CLIENT4, rstAck(0, 5001));
        t.after(40, CLIENT, SERVER, rst(5));
        t.after(8_000, CLIENT, SERVER, syn(1000));
        t.after(50, SERVER, CLIENT, synAck(9000, 1001));
        return t.frames();
    }

    private static byte[] ip(CapturedFrame f) {
        return Arrays.copyOfRange(f.raw(), 14, f.raw().length);
    }

    private List<PathFinding> analyze(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        CaptureAnalysis a = CaptureAnalysis.of(file, StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT);
        assertEquals(7, a.frames(), name);
        assertEquals(1, a.verdictCounts().get(Verdict.NO_STALE_ACK), name + ": the refused SYN is counted");
        return a.findings();
    }

    @Test
    void everyFormatAndLinkLayerGivesTheSameFinding() throws Exception {
        List<CapturedFrame> frames = exchange();
        List<Record> ethernet = new ArrayList<>();
        for (CapturedFrame f : frames) {
            ethernet.add(Record.whole(f.epochNanos(), f.raw()));
        }
        List<PathFinding> reference = analyze("reference.pcap",
                CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, 262144, ethernet));
        assertEquals(1, reference.size());
        assertEquals(Verdict.FAST_RETRY, reference.get(0).verdict());
        assertEquals(List.of(1L, 3L, 5L, 6L), List.of(reference.get(0).synFrame(), reference.get(0).staleAckFrame(),
                reference.get(0).rstFrame(), reference.get(0).retryFrame()));

        for (int linkType : new int[] {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW,
                LinkType.NULL, LinkType.LOOP}) {
            List<Record> records = new ArrayList<>();
            for (CapturedFrame f : frames) {
                records.add(Record.whole(f.epochNanos(), CaptureBytes.frame(linkType, ip(f), linkType == LinkType.ETHERNET ? 2 : 0)));
            }
            assertEquals(reference, analyze("l" + linkType + ".pcap",
                    CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, true, linkType, 262144, records)), "link type " + linkType);
        }

        // pcapng: the frames spread over three interfaces of different link types and resolutions.
        int[] linkTypes = {LinkType.ETHERNET, LinkType.LINUX_SLL2, LinkType.RAW};
        int[] resolutions = {9, 0x80 | 30, 9};
        Pcapng pcapng = new Pcapng(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < linkTypes.length; i++) {
            pcapng.iface(linkTypes[i], 262144, resolutions[i], 0);
        }
        pcapng.block(0x7777, new byte[4]);
        for (int n = 0; n < frames.size(); n++) {
            int i = n % 3;
            CapturedFrame f = frames.get(n);
            pcapng.epb(i, CaptureReaderAgreementTest.units(f.epochNanos(), resolutions[i]),
                    Record.whole(f.epochNanos(), CaptureBytes.frame(linkTypes[i], ip(f), 1)));
        }
        List<PathFinding> fromPcapng = analyze("mixed.pcapng", pcapng.bytes());
        assertEquals(1, fromPcapng.size());
        PathFinding p = fromPcapng.get(0);
        PathFinding r = reference.get(0);
        assertEquals(List.of(r.verdict(), r.synFrame(), r.staleAckFrame(), r.rstFrame(), r.retryFrame()),
                List.of(p.verdict(), p.synFrame(), p.staleAckFrame(), p.rstFrame(), p.retryFrame()));
        // 2^-30 s units are exact to about a nanosecond; the intervals must be too.
        assertEquals(r.rstToRetryMs(), p.rstToRetryMs(), 1e-5);
        assertEquals(r.synToStaleAckMs(), p.synToStaleAckMs(), 1e-5);
    }
}

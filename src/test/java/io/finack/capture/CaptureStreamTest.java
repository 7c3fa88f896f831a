package io.finack.capture;

import io.finack.capture.CaptureBytes.Record;
import io.finack.wire.CaptureFileException;
import org.junit.jupiter.api.Test;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A capture read from a pipe: each frame is handed over once its record has arrived, not when the stream ends. */
class CaptureStreamTest {
    private static final long T = 1_760_000_000_000_000_000L;
    /** A loaded machine's scheduling, far above the microseconds a record takes. */
    private static final long WAIT_SECONDS = 30;

    @Test
    void eachFrameReachesTheSinkWhileTheStreamIsStillOpen() throws Exception {
        List<Record> records = new ArrayList<>();
        for (byte[] ip : FrameCorpus.packets(true, true)) {
            records.add(Record.whole(T + records.size() * 1000L, CaptureBytes.frame(LinkType.ETHERNET, ip, 0)));
        }
        byte[] header = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, 65535, List.of());
        // Which records are TCP frames, as the reader of the whole stream sees them.
        List<Long> tcp = new ArrayList<>();
        new CaptureReader().read(new CaptureReaderAgreementTest.ChunkedStream(
                CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, 65535, records), 4096),
                Path.of("-"), v -> tcp.add(v.number()), w -> { });
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(writer, 1 << 20);
        BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
        AtomicReference<StreamRead> result = new AtomicReference<>();
        Thread reader = new Thread(() -> result.set(new CaptureReader().read(pipe, Path.of("-"),
                v -> seen.add(v.number()), w -> { })));
        reader.start();
        writer.write(header);
        for (int i = 0; i < records.size(); i++) {
            byte[] one = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, 65535, List.of(records.get(i)));
            writer.write(one, header.length, one.length - header.length);
            writer.flush();
            long number = i + 1;
            if (tcp.contains(number)) {
                assertEquals(number, seen.poll(WAIT_SECONDS, TimeUnit.SECONDS), "the frame just written, before the next is");
            }
        }
        writer.close();
        reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertNotNull(result.get(), "the read ended with the stream");
        assertEquals(records.size(), result.get().summary().frames());
        assertEquals(tcp.size(), result.get().summary().tcpFrames());
        assertTrue(tcp.size() > 5, "the corpus has TCP frames: " + tcp);
    }

    @Test
    void aStreamCutMidRecordKeepsTheFramesBeforeTheCut() {
        List<Record> records = new ArrayList<>();
        for (byte[] ip : FrameCorpus.packets(true, false)) {
            records.add(Record.whole(T + records.size() * 1000L, CaptureBytes.frame(LinkType.ETHERNET, ip, 0)));
        }
        byte[] whole = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.ETHERNET, 65535, records);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 5);
        List<Long> frames = new ArrayList<>();

        StreamRead r = new CaptureReader().read(new CaptureReaderAgreementTest.ChunkedStream(cut, 100), Path.of("-"),
                v -> frames.add(v.number()), w -> { });

        assertEquals(records.size() - 1, r.summary().frames(), "every record before the cut one");
        assertEquals(cut.length, r.summary().bytes());
        assertTrue(r.fault().map(CaptureFileException::reason).orElse("").startsWith(
                "capture file truncated in frame " + records.size() + ":"), r.fault().toString());
        assertEquals(r.summary().tcpFrames(), frames.size());
    }

    @Test
    void aLongStreamIsReadInTheBufferOfOneMegabyte() throws Exception {
        List<Record> records = new ArrayList<>();
        for (byte[] ip : FrameCorpus.packets(true, true)) {
            records.add(Record.whole(T + records.size() * 1000L, CaptureBytes.frame(LinkType.ETHERNET, ip, 0)));
        }
        byte[] one = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET, 65535, records);
        byte[] header = java.util.Arrays.copyOf(one, 24);
        int copies = (int) ((40L << 20) / (one.length - 24));
        // 40 MB of records: the header once, then the corpus's records again and again.
        java.io.InputStream stream = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(header),
                new java.io.InputStream() {
                    private int copy;
                    private int at = 24;

                    @Override
                    public int read() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (copy == copies) {
                            return -1;
                        }
                        int n = Math.min(len, one.length - at);
                        System.arraycopy(one, at, b, off, n);
                        at += n;
                        if (at == one.length) {
                            at = 24;
                            copy++;
                        }
                        return n;
                    }
                });
        ByteWindow window = new ByteWindow(stream);
        long[] tcp = new long[1];
        ReadSummary read = new CaptureReader().read(Path.of("-"), window, new RecordDecoder(v -> tcp[0]++), w -> { });

        assertEquals((long) copies * records.size(), read.frames());
        assertEquals(read.tcpFrames(), tcp[0]);
        assertTrue(read.bytes() > (39L << 20), "the whole stream: " + read.bytes());
        assertEquals(1 << 20, window.capacity(), "the buffer never grew past its first megabyte");
    }
}

package io.finack.capture;

/**
 * The part of reading every format shares: one record's link, IP and TCP headers decoded in
 * place into the reusable {@link TcpView}, TCP frames handed on, the rest counted.
 */
final class RecordDecoder {
    private final FrameSink sink;
    private final TcpView view = new TcpView();
    private long frames;
    private long tcpFrames;
    private long cut;
    private long skipped;
    private String format = "unknown";

    RecordDecoder(FrameSink sink) {
        this.sink = sink;
    }

    /** One record of {@code caplen} bytes at {@code pos} of {@code bytes}. */
    void record(byte[] be, int pos, int linkType, long epochNanos, int caplen, int origlen) {
        frames++;
        view.record(frames, epochNanos, caplen, origlen);
        int ip = LinkType.ipOffset(linkType, be, pos, caplen);
        if (ip == LinkType.NOT_IP) {
            return;
        }
        switch (view.decode(be, pos, ip)) {
            case TcpView.TCP -> {
                tcpFrames++;
                sink.tcp(view);
            }
            case TcpView.CUT -> cut++;
            default -> { }
        }
    }

    /** A record on an interface whose link type cannot be read: numbered, never decoded. */
    void skipped() {
        frames++;
        skipped++;
    }

    long frames() {
        return frames;
    }

    /** The capture's format, once its header has told it. */
    void format(String name) {
        format = name;
    }

    ReadSummary summary(long bytes) {
        return new ReadSummary(format, frames, tcpFrames, cut, skipped, bytes);
    }
}

package io.finack.capture;

/**
 * A live capture's frames, of one link type, through the decoding a capture file's records go
 * through ({@link RecordDecoder}): numbered from 1 in capture order, TCP frames to the sink
 * in one reusable {@link TcpView}, the rest counted. Not thread-safe: one capture thread feeds it.
 */
public final class LiveRecords {
    private final int linkType;
    private final RecordDecoder records;

    /** Throws IllegalArgumentException for a link type finack cannot decode ({@link #supported}). */
    public LiveRecords(int linkType, FrameSink sink) {
        if (!LinkType.supported(linkType)) {
            throw new IllegalArgumentException("finack cannot decode " + LinkType.name(linkType));
        }
        this.linkType = linkType;
        this.records = new RecordDecoder(sink);
        records.format(LinkType.name(linkType) + " (live)");
    }

    /** True for the link types finack decodes (Ethernet, Linux cooked v1/v2, raw IP, NULL/LOOP). */
    public static boolean supported(int linkType) {
        return LinkType.supported(linkType);
    }

    /** A link type's name, for messages. */
    public static String name(int linkType) {
        return LinkType.name(linkType);
    }

    /** One frame as libpcap handed it over: the bytes the snap length kept, and its length on the wire. */
    public void record(byte[] raw, long epochNanos, int originalLength) {
        records.record(raw, 0, linkType, epochNanos, raw.length, originalLength);
    }

    /** Frames so far, TCP and not; {@code bytes} counts what the capture kept of them. */
    public ReadSummary summary(long bytes) {
        return records.summary(bytes);
    }
}

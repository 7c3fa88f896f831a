package io.finack.tcp;

/**
 * The TCP header fields a match or a path decision rests on. Implemented by the decoded
 * {@link Segment} and by a view straight over captured bytes, so the same checks run on both.
 */
public interface TcpHeader {
    Flags flags();

    long seq();

    long ack();

    int payloadLength();
}

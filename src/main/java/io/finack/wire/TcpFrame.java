package io.finack.wire;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Segment;

/** A TCP segment with the endpoints it travels between: what one frame on lo carries. */
public record TcpFrame(Endpoint source, Endpoint destination, Segment segment) {
    public TcpFrame {
        if (source.ipv6() != destination.ipv6()) {
            throw new IllegalArgumentException("source and destination differ in family: " + source + " -> " + destination);
        }
    }

    /** The frame going the other way between the same endpoints. */
    public boolean reverseOf(TcpFrame other) {
        return source.equals(other.destination) && destination.equals(other.source);
    }

    @Override
    public String toString() {
        return source + " > " + destination + " " + segment;
    }
}

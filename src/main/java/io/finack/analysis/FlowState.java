package io.finack.analysis;

import io.finack.capture.TcpView;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.SeqNum;

/**
 * What the detector keeps about one 4-tuple between frames: the connection attempt open on it
 * (if any) and how far each side got closing the previous connection, which is what the
 * FIN_WAIT_2 precondition is read from. Side A is the lower endpoint (see {@link FlowTable}).
 * Mutable and reused by the table once the flow is dropped.
 */
final class FlowState {
    static final int A = 0;
    static final int B = 1;

    long aHigh;
    long aLow;
    long bHigh;
    long bLow;
    int ports;
    boolean ipv6;
    long lastSeen;
    FlowState older;
    FlowState newer;
    /** The open attempt, its client on side {@link #clientSide}; null when none is open. */
    Attempt attempt;
    int clientSide;
    /** Per side: the sequence number just after its FIN, the FIN's frame and the frame acking it (0: none). */
    private final long[] finEnd = new long[2];
    private final long[] finFrame = new long[2];
    private final long[] finAckFrame = new long[2];

    void reset(long aHigh, long aLow, long bHigh, long bLow, int ports, boolean ipv6) {
        this.aHigh = aHigh;
        this.aLow = aLow;
        this.bHigh = bHigh;
        this.bLow = bLow;
        this.ports = ports;
        this.ipv6 = ipv6;
        lastSeen = Long.MIN_VALUE;
        attempt = null;
        clearClose();
    }

    boolean matches(long aHigh, long aLow, long bHigh, long bLow, int ports, boolean ipv6) {
        return this.aLow == aLow && this.bLow == bLow && this.ports == ports
                && this.aHigh == aHigh && this.bHigh == bHigh && this.ipv6 == ipv6;
    }

    /** The endpoint on {@code side}. */
    Endpoint endpoint(int side) {
        return side == A ? TcpView.endpoint(aHigh, aLow, ports >>> 16) : TcpView.endpoint(bHigh, bLow, ports & 0xffff);
    }

    /** True when the frame's source is side A of its flow. */
    static boolean sourceIsA(TcpView frame) {
        int c = Long.compareUnsigned(frame.sourceHigh(), frame.destinationHigh());
        if (c == 0) {
            c = Long.compareUnsigned(frame.sourceLow(), frame.destinationLow());
        }
        return c < 0 || c == 0 && frame.sourcePort() <= frame.destinationPort();
    }

    /**
     * Follows the closing handshake: FINs, their ACKs, and RSTs that end the connection
     * outright. Returns true when the connection is over on both sides (an RST, or both FINs
     * acked), so that nothing about it is left to learn.
     */
    boolean followClose(TcpView frame, int sender) {
        int flags = frame.flags();
        int receiver = 1 - sender;
        if ((flags & Flags.RST) != 0) {
            clearClose();
            return true;
        }
        if ((flags & Flags.FIN) != 0) {
            long length = frame.payloadLength() + 1 + ((flags & Flags.SYN) != 0 ? 1 : 0);
            finEnd[sender] = SeqNum.add(frame.seq(), length);
            finFrame[sender] = frame.number();
            finAckFrame[sender] = 0;
        }
        if ((flags & Flags.ACK) != 0 && finFrame[receiver] != 0 && finAckFrame[receiver] == 0
                && frame.ack() == finEnd[receiver]) {
            finAckFrame[receiver] = frame.number();
        }
        return finAckFrame[A] != 0 && finAckFrame[B] != 0;
    }

    /** True when {@code closer}'s FIN was acked and the other side never sent one: closer is in FIN_WAIT_2. */
    boolean inFinWait2(int closer) {
        return finAckFrame[closer] != 0 && finFrame[1 - closer] == 0;
    }

    long finFrame(int side) {
        return finFrame[side];
    }

    long finAckFrame(int side) {
        return finAckFrame[side];
    }

    /** A new connection on the 4-tuple: the previous one's close no longer matters. */
    void clearClose() {
        for (int side = A; side <= B; side++) {
            finEnd[side] = 0;
            finFrame[side] = 0;
            finAckFrame[side] = 0;
        }
    }
}

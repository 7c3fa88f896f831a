package io.finack.ladder;

import io.finack.tcp.Flags;
import io.finack.tcp.TcpState;

import java.util.Optional;

/**
 * The TCP state the right side's own segments play, by RFC 9293's transitions. The harness
 * keeps no socket, so nothing can be read back from it: this is what a peer that sent and
 * received these segments would be in. A segment that fits no transition (the stale ACK,
 * sent with no handshake behind it) leaves the state as it was.
 */
final class PeerState {
    private TcpState state = TcpState.CLOSE;
    private boolean known;
    /** Whether a SYN/ACK answered this side's SYN, so that its next ACK completes the handshake. */
    private boolean sawSynAck;

    /** Takes the next segment; returns the right side's new state when it changed. */
    Optional<String> next(boolean fromRight, Flags flags) {
        TcpState before = state;
        boolean knownBefore = known;
        if (fromRight) {
            sent(flags);
        } else {
            received(flags);
        }
        return known && (!knownBefore || state != before) ? Optional.of(name(state)) : Optional.empty();
    }

    private void sent(Flags flags) {
        if (flags.rst()) {
            moveIfKnown(TcpState.CLOSE);
        } else if (flags.syn() && flags.ack()) {
            move(TcpState.SYN_RECV);
        } else if (flags.syn()) {
            move(TcpState.SYN_SENT);
        } else if (flags.fin()) {
            if (state == TcpState.ESTABLISHED) {
                move(TcpState.FIN_WAIT1);
            } else if (state == TcpState.CLOSE_WAIT) {
                move(TcpState.LAST_ACK);
            }
        } else if (flags.ack() && state == TcpState.SYN_SENT && sawSynAck) {
            move(TcpState.ESTABLISHED);
        }
    }

    private void received(Flags flags) {
        if (flags.rst()) {
            moveIfKnown(TcpState.CLOSE);
        } else if (flags.syn() && flags.ack()) {
            sawSynAck = state == TcpState.SYN_SENT;
        } else if (flags.fin() && state == TcpState.ESTABLISHED) {
            move(TcpState.CLOSE_WAIT);
        } else if (flags.fin() && state == TcpState.FIN_WAIT1) {
            move(TcpState.CLOSING);
        } else if (flags.ack() && !flags.syn() && state == TcpState.SYN_RECV) {
            move(TcpState.ESTABLISHED);
        }
    }

    private void move(TcpState next) {
        state = next;
        known = true;
        if (next != TcpState.SYN_SENT) {
            sawSynAck = false;
        }
    }

    private void moveIfKnown(TcpState next) {
        if (known) {
            move(next);
        }
    }

    private static String name(TcpState state) {
        return state == TcpState.CLOSE ? "CLOSED" : state.name();
    }
}

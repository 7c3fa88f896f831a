package io.finack.script;

import io.finack.syscall.Argument;

import java.util.HashMap;
import java.util.Map;

/**
 * packetdrill's model of a script's sockets, followed line by line to number the peer's side
 * as packetdrill does (measured with packetdrill on this kernel). A packet line belongs to the
 * socket under test: the socket made last by socket(), or the child a listener gets from the
 * first inbound segment after listen(). Each socket has two script-space origins:
 * <ul>
 * <li>the peer's ISN: the seq of the child's first inbound segment, or of the SYN/ACK that
 * answers a connecting socket's scripted SYN; 0 until then. The peer's SYN segments are sent
 * with the script's seq as is; its other segments' seq, and the ack and SACK blocks of the
 * kernel's segments other than SYNs, count from that ISN;</li>
 * <li>the kernel's ISN as the script writes it: the seq of a connecting socket's scripted
 * SYN, or of the scripted SYN/ACK a child sends first; 0 until then. The kernel's SYN segments
 * carry it, and the ack of the peer's SYN segments counts from it; every other kernel number
 * counts from 0.</li>
 * </ul>
 * A new socket starts both at 0 again; a second connection on a child that packetdrill still
 * follows keeps them. Pure; one instance a translation.
 */
final class ScriptSockets {
    private enum State { NEW, LISTENING, CONNECTING, SYN_SENT, SYN_ACKED, CHILD, SYNACK_SENT, SYNACK_ACKED }

    private static final class Socket {
        State state;
        long peerIsn;
        long kernelIsn;

        Socket(State state) {
            this.state = state;
        }
    }

    /** How one packet line's numbers map: what the translation adds to, or takes from, them. */
    record Origins(long peerIsn, long kernelIsn) {
        static final Origins ZERO = new Origins(0, 0);
    }

    private final Map<Long, Socket> byFd = new HashMap<>();
    /** null before the script's first socket(): then a first inbound segment makes the child, as in packetdrill. */
    private Socket underTest;

    /** Follows a system call line. */
    void syscall(Action.Syscall call) {
        switch (call.name()) {
            case "socket" -> {
                if (call.result().value() >= 0) {
                    underTest = new Socket(State.NEW);
                    byFd.put(call.result().value(), underTest);
                }
            }
            case "listen" -> fd(call).ifPresent(s -> s.state = State.LISTENING);
            case "accept", "accept4" -> {
                if (call.result().value() >= 0 && underTest != null) {
                    byFd.put(call.result().value(), underTest);
                }
            }
            // Any sendto, and a sendmsg naming an address, connects a new socket, as connect() does.
            case "connect", "sendto", "sendmsg" -> {
                if (call.name().equals("sendmsg") && !namesAddress(call)) {
                    return;
                }
                fd(call).ifPresent(s -> {
                    if (unspecified(call)) {
                        s.state = State.NEW;
                    } else if (s.state == State.NEW) {
                        s.state = State.CONNECTING;
                    }
                });
            }
            default -> { }
        }
    }

    /** Follows an inbound packet line; returns the origins its numbers count from. */
    Origins inbound(Action.Packet packet) {
        if (underTest == null || underTest.state == State.LISTENING) {
            underTest = new Socket(State.CHILD);
            underTest.peerIsn = packet.start();
        } else if (underTest.state == State.SYNACK_SENT && packet.flags().ack()) {
            underTest.state = State.SYNACK_ACKED;
        } else if (underTest.state == State.SYN_SENT && packet.flags().syn() && packet.flags().ack()) {
            underTest.state = State.SYN_ACKED;
            underTest.peerIsn = packet.start();
        }
        return origins();
    }

    /** Follows an outbound packet line; returns the origins its numbers count from. */
    Origins outbound(Action.Packet packet) {
        if (underTest == null) {
            return Origins.ZERO;
        }
        boolean syn = packet.flags().syn();
        if (underTest.state == State.CONNECTING && syn && !packet.flags().ack()) {
            underTest.state = State.SYN_SENT;
            underTest.kernelIsn = packet.start();
        } else if (underTest.state == State.CHILD && syn && packet.flags().ack()) {
            underTest.state = State.SYNACK_SENT;
            underTest.kernelIsn = packet.start();
        }
        return origins();
    }

    private Origins origins() {
        return underTest == null ? Origins.ZERO : new Origins(underTest.peerIsn, underTest.kernelIsn);
    }

    private java.util.Optional<Socket> fd(Action.Syscall call) {
        if (call.arguments().isEmpty() || !(call.arguments().get(0) instanceof Argument.Number n)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(byFd.get(n.value()));
    }

    /** connect(fd, AF_UNSPEC, ...): packetdrill's disconnect, after which the socket may connect again. */
    private static boolean unspecified(Action.Syscall call) {
        return call.name().equals("connect") && call.arguments().size() > 1
                && call.arguments().get(1) instanceof Argument.Names names && names.names().contains("AF_UNSPEC");
    }

    private static boolean namesAddress(Action.Syscall call) {
        return call.arguments().size() > 1 && call.arguments().get(1) instanceof Argument.Struct msg
                && msg.fields().containsKey("msg_name");
    }
}

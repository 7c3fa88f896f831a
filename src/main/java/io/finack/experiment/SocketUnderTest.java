package io.finack.experiment;

import io.finack.syscall.Accept;
import io.finack.syscall.Close;
import io.finack.syscall.Listen;
import io.finack.syscall.Socket;
import io.finack.syscall.SocketCall;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * packetdrill's "socket under test" at a step of a plan: the socket a python block reads. It is
 * the socket the latest socket() call opened, until a segment is injected while that socket
 * listens: the segment makes the connection it starts the socket under test, a socket with no
 * descriptor until accept() returns it (a block before that has no socket to read, as in
 * packetdrill). It depends on the plan's steps alone, so it is worked out from them.
 *
 * @param exists whether there is one: a socket() call came first
 * @param fd its descriptor, if it has one
 */
record SocketUnderTest(boolean exists, OptionalInt fd) {
    /** No socket() call yet: packetdrill has no socket to use. */
    static final SocketUnderTest NONE = new SocketUnderTest(false, OptionalInt.empty());

    /** The socket under test when step {@code index} runs: none yet, one without a descriptor, or a descriptor. */
    static SocketUnderTest at(List<Step> steps, int index) {
        OptionalInt socket = OptionalInt.empty();
        boolean child = false;
        Set<Integer> listening = new HashSet<>();
        for (Step step : steps.subList(0, index)) {
            if (step instanceof Step.Inject && !child && socket.isPresent() && listening.contains(socket.getAsInt())) {
                child = true;
            } else if (step instanceof Step.Call c) {
                SocketCall call = c.call();
                boolean succeeds = c.expected().map(r -> r.value() >= 0).orElse(true);
                if (call instanceof Socket) {
                    socket = OptionalInt.of(call.fd());
                    child = false;
                } else if (call instanceof Listen && succeeds) {
                    listening.add(call.fd());
                } else if (call instanceof Close) {
                    listening.remove(call.fd());
                } else if (call instanceof Accept accept && child && succeeds) {
                    socket = OptionalInt.of(accept.accepted());
                    child = false;
                }
            }
        }
        if (socket.isEmpty()) {
            return NONE;
        }
        return new SocketUnderTest(true, child ? OptionalInt.empty() : socket);
    }
}

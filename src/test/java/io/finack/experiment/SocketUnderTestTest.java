package io.finack.experiment;

import io.finack.kernel.Errno;
import io.finack.syscall.Accept;
import io.finack.syscall.Bind;
import io.finack.syscall.Close;
import io.finack.syscall.Connect;
import io.finack.syscall.Listen;
import io.finack.syscall.Socket;
import io.finack.syscall.SocketCall;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which socket a python block reads, as packetdrill picks its socket under test. */
class SocketUnderTestTest {
    private static final Endpoint LOCAL = new Endpoint(Endpoint.Family.IPV4.loopback(), 8080);

    private static Step call(SocketCall call, long result) {
        return new Step.Call(call, java.util.Optional.of(SocketCall.Result.of(result)));
    }

    private static Step inject(Flags flags) {
        return new Step.Inject(SegmentTemplate.of(flags, 0, 0));
    }

    private static final Step PYTHON = new Step.Pause(Duration.ZERO);

    /** Every index of {@code steps}, mapped to the socket under test there (-1: none). */
    private static List<Integer> along(List<Step> steps) {
        return java.util.stream.IntStream.rangeClosed(0, steps.size())
                .map(i -> SocketUnderTest.at(steps, i).fd().orElse(-1)).boxed().toList();
    }

    @Test
    void aListenersConnectionHasNoSocketUntilAcceptReturnsIt() {
        List<Step> steps = List.of(call(new Socket(3), 3), call(new Bind(3, LOCAL), 0),
                call(new Listen(3, 1), 0), PYTHON, inject(Flags.SYN_ONLY), PYTHON, inject(Flags.ACK_ONLY),
                call(new Accept(3, 4, Duration.ofSeconds(1)), 4), PYTHON, inject(Flags.ACK_ONLY),
                call(new Close(3), 0), PYTHON);
        // none; 3 from socket() on, the listener until the SYN; then no socket; 4 from accept() on.
        assertEquals(List.of(-1, 3, 3, 3, 3, -1, -1, -1, 4, 4, 4, 4, 4), along(steps));
    }

    @Test
    void beforeAnySocketCallThereIsNone() {
        assertEquals(SocketUnderTest.NONE, SocketUnderTest.at(List.of(inject(Flags.SYN_ONLY)), 1));
        assertEquals(new SocketUnderTest(true, OptionalInt.of(3)), SocketUnderTest.at(List.of(call(new Socket(3), 3)), 1));
    }

    @Test
    void aConnectingSocketStaysTheSocketUnderTestAndTheLatestSocketCallWins() {
        List<Step> steps = List.of(call(new Socket(3), 3), call(new Connect(3, LOCAL), 0),
                inject(Flags.ACK_ONLY), call(new Socket(5), 5), inject(Flags.ACK_ONLY));
        assertEquals(List.of(-1, 3, 3, 3, 5, 5), along(steps));
    }

    @Test
    void aFailedListenOrAcceptChangesNothing() {
        List<Step> steps = List.of(call(new Socket(3), 3),
                new Step.Call(new Listen(3, 1), java.util.Optional.of(SocketCall.Result.failed(Errno.EINVAL))),
                inject(Flags.SYN_ONLY));
        assertEquals(OptionalInt.of(3), SocketUnderTest.at(steps, 3).fd());
        List<Step> refused = List.of(call(new Socket(3), 3), call(new Listen(3, 1), 0),
                inject(Flags.SYN_ONLY), new Step.Call(new Accept(3, 3, Duration.ofSeconds(1)),
                        java.util.Optional.of(SocketCall.Result.failed(Errno.EAGAIN))));
        assertEquals(new SocketUnderTest(true, OptionalInt.empty()), SocketUnderTest.at(refused, 4));
    }
}

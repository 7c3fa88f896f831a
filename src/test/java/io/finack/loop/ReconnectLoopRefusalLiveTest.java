package io.finack.loop;

import io.finack.experiment.DropTrace;
import io.finack.kernel.KernelAccount;
import io.finack.sandbox.SandboxSpec;
import io.finack.sandbox.TraceInstance;
import io.finack.tcp.Endpoint;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reconnect loop's refused connections (1 to 9 of 10,000 in most default runs here) say which
 * kernel socket refused them: the previous connection's timewait socket, for a SYN inside its
 * window. The loop cannot make a refusal happen; {@code KernelAccountLiveTest} makes that path
 * on purpose and asserts it. This one asserts that every refusal the loop meets is explained so.
 */
@Privileged
class ReconnectLoopRefusalLiveTest {
    @Test
    void everyRefusedConnectionNamesTheTimewaitSocketThatReset() throws Exception {
        DropTrace trace;
        try {
            trace = DropTrace.open();
        } catch (TraceInstance.Unavailable e) {
            System.out.println("RST reasons not traced here (" + e.getMessage() + "): refusals not explained, not checked");
            return;
        }
        LoopResult r;
        try {
            r = ReconnectLoop.run(new LoopSpec(Endpoint.Family.IPV4, new LoopSpec.Limit.Connections(10_000),
                    LoopSpec.DEFAULT_THRESHOLD, WindowBounds.DEFAULT, SandboxSpec.Mode.FRESH), Optional.empty(),
                    LoopControl.NONE, Optional.of(trace::resetBefore));
        } finally {
            trace.close();
        }
        List<FlaggedConnection> refused = r.flagged().stream()
                .filter(f -> f.sentSyn() && f.failure().orElse("").contains("Connection refused")).toList();
        System.out.println(refused.size() + " refused connections of " + r.connections() + ": "
                + refused.stream().map(f -> "#" + f.connection() + " " + f.refusedBy()).toList());
        for (FlaggedConnection f : refused) {
            assertEquals(Optional.of(new KernelAccount.Reset(0, "TIME_WAIT", "TCP_TIMEWAIT_SOCKET")), f.refusedBy(),
                    "connection #" + f.connection());
        }
    }
}

package io.finack.experiment;

import io.finack.tcp.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JobSandboxTest {
    private static Plan plan(int kernelPort, int harnessPort) {
        return new Plan("p", Endpoint.of("127.0.0.1", kernelPort), Endpoint.of("127.0.0.1", harnessPort), List.of());
    }

    @Test
    void theBuiltinPlansGetAWholeWindow() {
        for (Experiment e : io.finack.script.BuiltinScripts.ALL) {
            assertEquals(JobSandbox.WINDOW, JobSandbox.offsets(e.plan(Endpoint.Family.IPV4)), e.name());
        }
    }

    @Test
    void kernelAndHarnessPortsNeverMeet() {
        // 8080 + 10 would be the kernel's 8090.
        assertEquals(10, JobSandbox.offsets(plan(8080, 8090)));
        assertEquals(10, JobSandbox.offsets(plan(8090, 8080)));
    }

    @Test
    void portsStayBelow65536() {
        assertEquals(6, JobSandbox.offsets(plan(8080, 65530)));
    }

    @Test
    void aPlanThatCannotMoveStillRunsOnceASandbox() {
        assertEquals(1, JobSandbox.offsets(plan(65535, 8080)));
        assertEquals(1, JobSandbox.offsets(plan(8080, 8080)));
    }
}

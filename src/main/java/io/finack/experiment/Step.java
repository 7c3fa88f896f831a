package io.finack.experiment;

import io.finack.syscall.SocketCall;
import io.finack.tcp.TcpState;

import java.time.Duration;
import java.util.Optional;

/**
 * One step of a plan. Steps run in order; an {@link Expect} followed directly by
 * {@link Inject} steps arms those injections as the reply, sent from the capture thread the
 * moment the expected frame arrives.
 */
public sealed interface Step {
    /**
     * A system call on the kernel side. With an {@code expected} result (a script's), the call's
     * result or errno is compared with it; without, any error fails the plan.
     */
    record Call(SocketCall call, Optional<SocketCall.Result> expected) implements Step {
        public Call(SocketCall call) {
            this(call, Optional.empty());
        }

        @Override public String toString() { return call.toString(); }
    }

    /** Lets time pass with no action: a lost segment is one that is never injected. */
    record Pause(java.time.Duration length) implements Step {
        @Override public String toString() { return "+" + length.toMillis() / 1000.0 + " // pause"; }
    }

    /** A shell command run in the experiment's network namespace, from {@code directory}; it must exit 0. */
    record Shell(String command, java.nio.file.Path directory) implements Step {
        @Override public String toString() { return "`" + command + "`"; }
    }

    /**
     * packetdrill's python block: reads what the socket under test reports now, and runs the
     * block's code with it in a Python 3 interpreter once the plan's last step is done
     * ({@link PythonBlocks}), from {@code directory}.
     */
    record Python(io.finack.python.PythonBlock block, java.nio.file.Path directory) implements Step {
        @Override public String toString() { return "%{ " + block.code() + " }%"; }
    }

    /** Runs the path detector over the frames so far: its verdict must be {@code expected}. */
    record CheckVerdict(io.finack.analysis.Verdict expected) implements Step {
        @Override public String toString() { return "// path verdict: " + expected; }
    }

    /** Injects a segment from the harness's endpoint to the kernel's. */
    record Inject(SegmentTemplate segment) implements Step {
        @Override public String toString() { return segment.toString(); }
    }

    /** Injects an ICMP error about a kernel segment, from the harness's address to the kernel's. */
    record InjectIcmp(IcmpTemplate icmp) implements Step {
        @Override public String toString() { return icmp.toString(); }
    }

    /**
     * Takes the kernel's next frame (waiting up to {@code within}) and checks it against the
     * pattern; {@code label} names it in reports ("stale ACK", "SYN retry").
     */
    record Expect(String label, SegmentPattern pattern, Duration within) implements Step {
        @Override public String toString() { return pattern + "   // " + label; }
    }

    /**
     * Records through sock_diag the state of the kernel's socket for the plan's connection as it
     * is now, without judging it: the experiment's expectation judges the whole sequence, so a
     * kernel that differs is described to the end instead of stopped at its first surprise.
     * No wait is needed: a segment injected on lo is handled in the injecting thread's softirq
     * before the send returns, and a reply from the capture thread is sent before the
     * expectation it answers completes.
     */
    record ObserveState() implements Step {
        @Override public String toString() { return "// sock_diag: observe"; }
    }

    /**
     * Checks through sock_diag the state of the kernel's socket for the plan's connection,
     * waiting up to {@code within} for it; an empty state means no such socket.
     */
    record ExpectState(Optional<TcpState> state, Duration within) implements Step {
        @Override public String toString() {
            return "// sock_diag: " + state.map(TcpState::name).orElse("no socket");
        }
    }
}

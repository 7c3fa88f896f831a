package io.finack.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's own account of a run, beside the wire and sock_diag's states: how its SNMP and
 * netstat counters moved, and why it dropped the injected segments it dropped.
 *
 * @param counters empty when the namespace's counters could not be read
 * @param drops    empty when drop reasons were not traced (no tracefs, or not allowed)
 * @param resets   why the kernel sent its RST frames (tcp:tcp_send_reset), traced with the drops
 */
public record KernelAccount(Optional<Counters> counters, Optional<List<Drop>> drops, List<Reset> resets) {
    /** A run without either. */
    public static final KernelAccount NONE = new KernelAccount(Optional.empty(), Optional.empty());

    public KernelAccount(Optional<Counters> counters, Optional<List<Drop>> drops) {
        this(counters, drops, List.of());
    }

    public KernelAccount {
        drops = drops.map(List::copyOf);
        resets = List.copyOf(resets);
    }

    /** This account with other counters. */
    public KernelAccount withCounters(Counters shared) {
        return new KernelAccount(Optional.of(shared), drops, resets);
    }

    /** Why the kernel sent frame {@code number}, an RST, if it was traced. */
    public Optional<Reset> resetOf(long number) {
        return resets.stream().filter(r -> r.frame() == number).findFirst();
    }

    /**
     * An RST the kernel sent, frame {@code frame} of the run (0: not a run's frame): the state of
     * the socket that sent it ({@code TIME_WAIT} for any timewait socket, FIN_WAIT2 substate
     * included; {@link #NO_SOCKET} for none) and the kernel's reason ({@code NO_SOCKET},
     * {@code TCP_TIMEWAIT_SOCKET}, {@code TCP_INVALID_ACK_SEQUENCE}, ...).
     */
    public record Reset(long frame, String state, String reason) {
        /** The state of an RST no socket sent: the kernel answered for a port nobody owns. */
        public static final String NO_SOCKET = "NONE";

        /** "RST from a TIME_WAIT socket, reason TCP_TIMEWAIT_SOCKET", "RST from no socket, reason NO_SOCKET". */
        public String words() {
            return "RST from " + (state.equals(NO_SOCKET) ? "no" : "a " + state) + " socket, reason " + reason;
        }
    }

    /** The drop the kernel reported for frame {@code number}, if any. */
    public Optional<Drop> dropOf(long number) {
        return drops.flatMap(d -> d.stream().filter(x -> x.frame() == number).findFirst());
    }

    /** What a counter delta covers. */
    public enum Scope {
        /** This repetition alone: nothing else ran in its namespace between the two readings. */
        REPETITION,
        /**
         * The job's whole namespace while it ran several repetitions at once: a delta no single
         * repetition owns, so every repetition of the job carries the same one.
         */
        JOB
    }

    /**
     * How far each counter moved between the readings before and after, every counter included.
     *
     * @param job which job's namespace (from 0)
     */
    public record Counters(Scope scope, int job, Map<String, Long> delta) {
        public Counters {
            delta = Collections.unmodifiableMap(new LinkedHashMap<>(delta));
        }

        /** The counters that moved, in the kernel's order. */
        public Map<String, Long> moved() {
            Map<String, Long> moved = new LinkedHashMap<>();
            delta.forEach((name, d) -> {
                if (d != 0) {
                    moved.put(name, d);
                }
            });
            return moved;
        }
    }

    /**
     * An injected segment the kernel dropped (skb:kfree_skb): frame {@code frame} of the run,
     * the kernel's reason ({@code TCP_CSUM}, {@code NO_SOCKET}, ...) and the function that
     * dropped it.
     */
    public record Drop(long frame, String reason, String location) {
    }
}

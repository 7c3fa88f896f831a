package io.finack.ladder;

import io.finack.analysis.PathFinding;
import io.finack.experiment.ExperimentResult;
import io.finack.experiment.Plan;
import io.finack.syscall.Accept;
import io.finack.syscall.Close;
import io.finack.syscall.Connect;
import io.finack.syscall.Listen;
import io.finack.syscall.SocketCall;
import io.finack.experiment.StateObservation;
import io.finack.experiment.Step;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.SeqNum;
import io.finack.tcp.TcpOption;
import io.finack.wire.IpFields;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Makes ladders from what finack knows about an exchange: a run's frames and sock_diag
 * observations, a plan's steps, or an {@code analyze} finding. Numbers on the arrows follow
 * {@code finack show}'s packetdrill notation, so that a plan's ladder and its run's ladder
 * read alike: the kernel's sequence numbers relative to its ISN, the harness's literal.
 */
public final class Ladders {
    static final String PACKETDRILL_LEGEND =
            "numbers: the kernel's relative to its ISN, the harness's literal (as in finack show)";
    static final String SOCK_DIAG = "sock_diag";
    /** sock_diag found no socket for the connection. */
    public static final String NO_SOCKET = "no socket";
    /** A plan's sock_diag read that records the state without checking it. */
    static final String OBSERVE = "observe";

    private Ladders() {
    }

    /** The ladder of one run: every frame, sock_diag's states at their times, the path highlighted. */
    public static Ladder ofRun(ExperimentResult result, Plan plan) {
        List<Ladder.Row> rows = new ArrayList<>();
        Optional<PathFinding> finding = result.finding();
        Map<String, Double> intervals = result.intervals();
        Optional<Long> kernelIsn = result.frames().stream().filter(f -> f.from().equals("kernel"))
                .filter(f -> f.segment().flags().syn()).map(f -> f.segment().seq()).findFirst();
        long firstNanos = result.frames().isEmpty() ? 0 : result.frames().get(0).epochNanos();
        Iterator<StateObservation> states = result.states().iterator();
        StateObservation pending = states.hasNext() ? states.next() : null;
        PeerState harness = new PeerState();
        Iterator<ExperimentResult.IcmpLine> icmp = result.icmp().iterator();
        ExperimentResult.IcmpLine nextIcmp = icmp.hasNext() ? icmp.next() : null;
        for (ExperimentResult.FrameLine f : result.frames()) {
            while (pending != null && pending.epochNanos() < f.epochNanos()) {
                rows.add(state(pending, firstNanos));
                pending = states.hasNext() ? states.next() : null;
            }
            while (nextIcmp != null && nextIcmp.number() < f.number()) {
                rows.add(icmpRow(nextIcmp));
                nextIcmp = icmp.hasNext() ? icmp.next() : null;
            }
            boolean fromKernel = f.from().equals("kernel");
            Segment s = f.segment();
            Ladder.Role role = finding.map(p -> roleOf(p, f.number())).orElse(Ladder.Role.NONE);
            OptionalLong seq = OptionalLong.of(fromKernel ? relative(s.seq(), kernelIsn) : s.seq());
            OptionalLong ack = s.flags().ack() ? OptionalLong.of(fromKernel ? s.ack() : relative(s.ack(), kernelIsn))
                    : OptionalLong.empty();
            rows.add(new Ladder.Arrow(OptionalLong.of(f.number()), OptionalDouble.of(f.millis()), fromKernel, s.flags(),
                    marked(f.ip(), label(s.flags(), seq, ack, s.payloadLength()), s.options()), role, intervalOf(role, intervals),
                    harness.next(!fromKernel, s.flags()),
                    result.resetReasonOf(f.number()), result.dropReasonOf(f.number())));
        }
        while (nextIcmp != null) {
            rows.add(icmpRow(nextIcmp));
            nextIcmp = icmp.hasNext() ? icmp.next() : null;
        }
        while (pending != null) {
            rows.add(state(pending, firstNanos));
            pending = states.hasNext() ? states.next() : null;
        }
        String title = String.format(Locale.ROOT, "%s %s: %s %s", result.name(), result.family(), result.outcome(),
                result.headline());
        return new Ladder(title, new Ladder.Side("kernel", plan.kernel().toString()),
                new Ladder.Side("harness", plan.harness().toString()), rows, PACKETDRILL_LEGEND);
    }

    /** The exchange a plan expects, step by step: no times, the path found by its shape. */
    public static Ladder ofPlan(Plan plan) {
        List<Ladder.Row> rows = new ArrayList<>();
        PeerState harness = new PeerState();
        for (Step step : plan.steps()) {
            if (step instanceof Step.Inject inject) {
                var t = inject.segment();
                rows.add(new Ladder.Arrow(OptionalLong.empty(), OptionalDouble.empty(), false, t.flags(),
                        marked(t.ip(), label(t.flags(), OptionalLong.of(t.seq()), t.flags().ack() ? OptionalLong.of(t.ack())
                                : OptionalLong.empty(), t.payloadLength()), t.options()),
                        Ladder.Role.NONE, Optional.empty(), harness.next(true, t.flags()), Optional.empty()));
            } else if (step instanceof Step.Expect expect) {
                var p = expect.pattern();
                rows.add(new Ladder.Arrow(OptionalLong.empty(), OptionalDouble.empty(), true, p.flags(),
                        marked(p.ip(), label(p.flags(), p.seq(), p.flags().ack() ? p.wireAck() : OptionalLong.empty(),
                                p.payloadLength().orElse(0)), p.options().orElse(List.of())), Ladder.Role.NONE,
                        Optional.empty(), harness.next(false, p.flags()), Optional.of(expect.label())));
            } else if (step instanceof Step.ExpectState state) {
                rows.add(new Ladder.LeftState(OptionalDouble.empty(),
                        state.state().map(Enum::name).orElse(NO_SOCKET), SOCK_DIAG));
            } else if (step instanceof Step.ObserveState) {
                // Read, not checked: the experiment's expectation judges the states as a whole.
                rows.add(new Ladder.LeftState(OptionalDouble.empty(), OBSERVE, SOCK_DIAG));
            } else if (step instanceof Step.Call call) {
                callName(call.call()).ifPresent(name -> rows.add(new Ladder.Event(OptionalDouble.empty(), true, name)));
            } else if (step instanceof Step.Pause pause) {
                rows.add(new Ladder.Event(OptionalDouble.empty(), false,
                        String.format(Locale.ROOT, "pause %.1f s", pause.length().toMillis() / 1000.0)));
            } else if (step instanceof Step.InjectIcmp icmp) {
                rows.add(new Ladder.Arrow(OptionalLong.empty(), OptionalDouble.empty(), false, NO_TCP,
                        icmp.icmp().toString().substring(2), Ladder.Role.NONE, Optional.empty(), Optional.empty(), Optional.empty()));
            } else if (step instanceof Step.Shell shell) {
                rows.add(new Ladder.Event(OptionalDouble.empty(), true, "`" + shell.command() + "`"));
            }
        }
        String title = String.format(Locale.ROOT, "%s %s: the planned exchange", plan.name(), plan.family());
        return new Ladder(title, new Ladder.Side("kernel", plan.kernel().toString()),
                new Ladder.Side("harness", plan.harness().toString()), PlanPath.mark(rows), PACKETDRILL_LEGEND);
    }

    /**
     * The path of one {@code analyze} finding: its SYN, stale ACK, RST and retry as far as the
     * attempt went, with the numbers the verdict rests on (absolute: a capture has no plan).
     */
    public static Ladder ofFinding(PathFinding f) {
        List<Ladder.Row> rows = new ArrayList<>();
        PeerState server = new PeerState();
        double at = 0;
        rows.add(findingArrow(f.synFrame(), at, true, Flags.SYN_ONLY, OptionalLong.empty(), Ladder.Role.NONE, null, server));
        if (f.staleAckFrame() != null) {
            at += orZero(f.synToStaleAckMs());
            rows.add(findingArrow(f.staleAckFrame(), at, false, Flags.ACK_ONLY, OptionalLong.of(f.staleAckNumber()),
                    Ladder.Role.STALE_ACK, f.synToStaleAckMs(), server));
        }
        if (f.rstFrame() != null) {
            at += orZero(f.staleAckToRstMs());
            rows.add(findingArrow(f.rstFrame(), at, true, Flags.RST_ONLY, OptionalLong.of(f.rstSeq()), Ladder.Role.RST,
                    f.staleAckToRstMs(), server));
        }
        if (f.retryFrame() != null) {
            at += orZero(f.rstToRetryMs());
            rows.add(findingArrow(f.retryFrame(), at, true, Flags.SYN_ONLY, OptionalLong.empty(), Ladder.Role.RETRY, f.rstToRetryMs(), server));
        }
        String title = String.format(Locale.ROOT, "%s %s", f.verdict(), f.flow());
        return new Ladder(title, new Ladder.Side("client", f.flow().client().toString()),
                new Ladder.Side("server", f.flow().server().toString()), rows,
                "numbers: absolute, as in the capture; times from the SYN");
    }

    /** {@code number} is the ack number of an ACK, the seq of anything else: the one number the verdict read. */
    private static Ladder.Arrow findingArrow(long frame, double at, boolean fromClient, Flags flags, OptionalLong number,
                                             Ladder.Role role, Double interval, PeerState server) {
        String label = flags.ack() ? label(flags, OptionalLong.empty(), number, 0) : label(flags, number, OptionalLong.empty(), 0);
        return new Ladder.Arrow(OptionalLong.of(frame), OptionalDouble.of(at), fromClient, flags, label, role,
                interval == null ? Optional.empty() : Optional.of(new Ladder.Interval(intervalKey(role), interval)),
                server.next(!fromClient, flags), Optional.empty());
    }

    private static double orZero(Double millis) {
        return millis == null ? 0 : millis;
    }

    private static Ladder.LeftState state(StateObservation o, long firstNanos) {
        return new Ladder.LeftState(OptionalDouble.of((o.epochNanos() - firstNanos) / 1e6),
                o.state().map(Enum::name).orElse(NO_SOCKET), SOCK_DIAG, o.tcpInfoBrief());
    }

    /** The calls that move a socket's TCP state; the others (socket, bind, options) send nothing. */
    private static Optional<String> callName(SocketCall call) {
        if (call instanceof Listen) {
            return Optional.of("listen()");
        } else if (call instanceof Connect) {
            return Optional.of("connect()");
        } else if (call instanceof Accept) {
            return Optional.of("accept()");
        } else if (call instanceof Close) {
            return Optional.of("close()");
        }
        return Optional.empty();
    }

    /** What a frame is on a finding's path: stale ACK, RST, retry, or NONE. */
    public static Ladder.Role roleOf(PathFinding p, long frame) {
        if (p.staleAckFrame() != null && p.staleAckFrame() == frame) {
            return Ladder.Role.STALE_ACK;
        } else if (p.rstFrame() != null && p.rstFrame() == frame) {
            return Ladder.Role.RST;
        } else if (p.retryFrame() != null && p.retryFrame() == frame) {
            return Ladder.Role.RETRY;
        }
        return Ladder.Role.NONE;
    }

    private static Optional<Ladder.Interval> intervalOf(Ladder.Role role, Map<String, Double> intervals) {
        if (role == Ladder.Role.NONE || !intervals.containsKey(intervalKey(role))) {
            return Optional.empty();
        }
        return Optional.of(new Ladder.Interval(intervalKey(role), intervals.get(intervalKey(role))));
    }

    /** The key of the interval that ends on a path frame, as {@link PathFinding#intervals()} names it. */
    static String intervalKey(Ladder.Role role) {
        return switch (role) {
            case STALE_ACK -> "syn_to_stale_ack";
            case RST -> "stale_ack_to_rst";
            case RETRY -> "rst_to_retry";
            case NONE -> "";
        };
    }

    private static long relative(long absolute, Optional<Long> isn) {
        return isn.map(i -> SeqNum.diff(absolute, i)).orElse(absolute);
    }

    /** An ICMP error as an arrow with no TCP flags: {@code icmp unreachable frag_needed mtu 1200}. */
    private static Ladder.Arrow icmpRow(ExperimentResult.IcmpLine line) {
        return new Ladder.Arrow(OptionalLong.of(line.number()), OptionalDouble.of(line.millis()), line.from().equals("kernel"),
                NO_TCP, line.text(), Ladder.Role.NONE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The flags of a row that is no TCP segment (an ICMP error). */
    private static final Flags NO_TCP = new Flags(0);

    /**
     * A label with what a reader needs to see without tshark: the IP fields in front
     * ({@code [ect0] P. 1:1001(1000)}) and a Fast Open or MD5 option after ({@code S 0 FO 3021b9d8}).
     */
    static String marked(IpFields ip, String label, List<TcpOption> options) {
        StringBuilder s = new StringBuilder();
        if (!ip.isNone()) {
            s.append(ip).append(' ');
        }
        s.append(label);
        for (TcpOption o : options) {
            if (o instanceof TcpOption.FastOpen || o instanceof TcpOption.FastOpenExp || o instanceof TcpOption.Md5) {
                s.append(' ').append(o);
            }
        }
        return s.toString();
    }

    /** {@code S. 0 ack 1}, {@code P. 1:101(100) ack 1}: flags, then what is known of the numbers. */
    static String label(Flags flags, OptionalLong seq, OptionalLong ack, int payload) {
        StringBuilder s = new StringBuilder(flags.toString());
        if (seq.isPresent()) {
            s.append(' ').append(seq.getAsLong());
            if (payload > 0) {
                s.append(':').append(seq.getAsLong() + payload).append('(').append(payload).append(')');
            }
        }
        ack.ifPresent(a -> s.append(" ack ").append(a));
        return s.toString();
    }
}

package io.finack.experiment;

import io.finack.kernel.KernelAccount;
import io.finack.sandbox.TraceInstance;
import io.finack.tcp.Endpoint;
import io.finack.wire.CapturedFrame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kernel's drop reasons (skb:kfree_skb) and the RSTs it sends (tcp:tcp_send_reset, with the
 * reason and the state of the socket that sent them), recorded in a tracefs instance of
 * finack's own for the whole command and read after each run, never during one.
 *
 * <p>Both events are machine-wide: every namespace's drops land in the same buffer, and other
 * experiments on this machine use the same addresses and ports. A drop is attributed to an
 * injected frame by the thread it happened in, which is the one that injected the frame (lo
 * hands a sent frame to the receive path when the send ends, in the sender's context), and by
 * time: the run's latest injected frame before the drop. On a loaded machine the receive may
 * be deferred to ksoftirqd, which serves every namespace: such a drop is attributed only within
 * a few milliseconds of the frame, to a frame no drop of the run's own threads claimed.
 */
public final class DropTrace implements AutoCloseable {
    static final String KFREE_SKB = "skb/kfree_skb";
    static final String SEND_RESET = "tcp/tcp_send_reset";
    /** ETH_P_IP and ETH_P_IPV6, as kfree_skb's protocol field has them (host order). */
    private static final String IP_ONLY = "protocol == 2048 || protocol == 34525";
    /**
     * RSTs that answer a received segment: an abort (close with SO_LINGER {1, 0}, finack's own
     * teardown) has no skb, and a busy machine sends many.
     */
    private static final String ANSWERS = "skbaddr != 0";
    /** The guard's own work: the kernel's frames to the harness's ports, dropped in prerouting. */
    private static final String GUARD_DROP = "NETFILTER_DROP";
    /** How long after its frame a drop may come: the receive path of one segment. */
    private static final long DROP_WINDOW_NANOS = 20_000_000;
    /** The same for a receive deferred to ksoftirqd, where another namespace's drops come too. */
    private static final long SOFTIRQ_WINDOW_NANOS = 5_000_000;
    /**
     * Events are printed in whole microseconds, cut down: an event may read up to 1 us before
     * the frame whose receive it happened in.
     */
    private static final long CLOCK_SLACK_NANOS = 1_000;
    /** Events older than this are forgotten: every run reads its own within a second of its end. */
    private static final long KEEP_NANOS = 60_000_000_000L;

    private final TraceInstance instance;
    private final List<TraceEvent> recent = new ArrayList<>(); // guarded by this; clockNanos in CLOCK_REALTIME

    private DropTrace(TraceInstance instance) {
        this.instance = instance;
    }

    /** Starts recording. */
    public static DropTrace open() throws TraceInstance.Unavailable {
        return new DropTrace(TraceInstance.open(List.of(KFREE_SKB, SEND_RESET), Map.of(KFREE_SKB, IP_ONLY, SEND_RESET, ANSWERS)));
    }

    /**
     * The drops of a run's injected frames (those from {@code harness}) among the events so far:
     * events of the run's injecting threads, {@code injectedBy} (thread id to the numbers of the
     * frames it injected), of the run's family.
     */
    public List<KernelAccount.Drop> drops(List<CapturedFrame> frames, Endpoint harness, Map<Integer, Set<Long>> injectedBy)
            throws IOException {
        List<TraceEvent> events = events(injectedBy.keySet(), frames);
        String protocol = harness.family() == Endpoint.Family.IPV4 ? "2048" : "34525";
        List<TraceEvent> drops = events.stream().filter(e -> e.event().equals("kfree_skb"))
                .filter(e -> e.field("protocol").orElse("").equals(protocol))
                .filter(e -> !e.field("reason").orElse("").equals(GUARD_DROP)).toList();
        List<CapturedFrame> injected = frames.stream().filter(f -> f.tcp().source().equals(harness)).toList();
        return attribute(drops, injected, injectedBy);
    }

    /**
     * Each drop goes to the latest frame captured before it (within the receive window) that its
     * thread injected (any injected frame, for ksoftirqd), one drop a frame: a segment is freed
     * once. The thread matters: the capture thread's reply to the kernel's answer may go out
     * before the segment that made the kernel answer is freed.
     */
    static List<KernelAccount.Drop> attribute(List<TraceEvent> drops, List<CapturedFrame> injected,
                                              Map<Integer, Set<Long>> injectedBy) {
        List<KernelAccount.Drop> attributed = new ArrayList<>();
        // The run's own threads first: a ksoftirqd drop may only take a frame they left.
        for (boolean softirq : new boolean[] {false, true}) {
            long window = softirq ? SOFTIRQ_WINDOW_NANOS : DROP_WINDOW_NANOS;
            for (TraceEvent e : drops) {
                if (e.inKsoftirqd() != softirq) {
                    continue;
                }
                Set<Long> own = injectedBy.get(e.pid());
                Optional<CapturedFrame> frame = injected.stream()
                        .filter(f -> own == null || own.contains(f.number()))
                        .filter(f -> f.epochNanos() <= e.clockNanos() + CLOCK_SLACK_NANOS)
                        .reduce((a, b) -> b)
                        .filter(f -> e.clockNanos() - f.epochNanos() <= window);
                if (frame.isPresent() && attributed.stream().noneMatch(d -> d.frame() == frame.get().number())) {
                    attributed.add(new KernelAccount.Drop(frame.get().number(), e.field("reason").orElse("?"),
                            e.function("location")));
                }
            }
        }
        attributed.sort(java.util.Comparator.comparingLong(KernelAccount.Drop::frame));
        return attributed;
    }

    /**
     * Why the kernel sent each of a run's RST frames from {@code kernel}: the tcp_send_reset event
     * of threads {@code threads} just before the frame's capture, from the same endpoint.
     */
    public List<KernelAccount.Reset> resets(List<CapturedFrame> frames, Endpoint kernel, Set<Integer> threads)
            throws IOException {
        List<TraceEvent> events = events(threads, frames);
        List<KernelAccount.Reset> resets = new ArrayList<>();
        for (CapturedFrame f : frames) {
            if (f.tcp().source().equals(kernel) && f.tcp().segment().flags().rst()) {
                reasonOf(events, kernel, f.epochNanos())
                        .ifPresent(r -> resets.add(new KernelAccount.Reset(f.number(), r.state(), r.reason())));
            }
        }
        return resets;
    }

    /**
     * The latest RST {@code from} sent in threads {@code threads} at or before {@code atNanos}
     * (CLOCK_REALTIME), within {@code withinNanos} before it: the state of the socket that sent
     * it and the kernel's reason.
     */
    public Optional<KernelAccount.Reset> resetBefore(Endpoint from, Set<Integer> threads, long atNanos, long withinNanos)
            throws IOException {
        List<TraceEvent> events;
        synchronized (this) {
            drainLocked();
            events = recent.stream().filter(e -> ours(e, threads)
                    && e.clockNanos() >= atNanos - withinNanos && e.clockNanos() <= atNanos + CLOCK_SLACK_NANOS).toList();
        }
        return reasonOf(events, from, atNanos).map(r -> new KernelAccount.Reset(0, r.state(), r.reason()));
    }

    private static Optional<KernelAccount.Reset> reasonOf(List<TraceEvent> events, Endpoint from, long beforeNanos) {
        String src = from.family() == Endpoint.Family.IPV4 ? from.toString() : "[" + from.address().getHostAddress() + "]:" + from.port();
        return events.stream().filter(e -> e.event().equals("tcp_send_reset"))
                .filter(e -> e.clockNanos() <= beforeNanos + CLOCK_SLACK_NANOS && beforeNanos - e.clockNanos() <= DROP_WINDOW_NANOS)
                .filter(e -> e.field("src").map(s -> s.equals(src) || s.equals(from.toString())).orElse(false))
                .reduce((a, b) -> b)
                .map(e -> new KernelAccount.Reset(0, state(e.field("state").orElse("?")), e.field("reason").orElse("?")));
    }

    /** tcp_send_reset's state as reports name it: TIME_WAIT for TCP_TIME_WAIT, NONE where no socket sent it (UNKNOWN). */
    static String state(String traced) {
        return traced.equals("UNKNOWN") ? KernelAccount.Reset.NO_SOCKET : traced.replaceFirst("^TCP_", "");
    }

    /** The recorded events of {@code threads} from the first frame to shortly after the last, in CLOCK_REALTIME. */
    private synchronized List<TraceEvent> events(Set<Integer> threads, List<CapturedFrame> frames) throws IOException {
        drainLocked();
        if (frames.isEmpty()) {
            return List.of();
        }
        long from = frames.get(0).epochNanos() - CLOCK_SLACK_NANOS;
        long to = frames.get(frames.size() - 1).epochNanos() + DROP_WINDOW_NANOS;
        return recent.stream().filter(e -> ours(e, threads) && e.clockNanos() >= from && e.clockNanos() <= to).toList();
    }

    /** An event of the run's threads, or of a receive deferred to ksoftirqd, which may be the run's. */
    private static boolean ours(TraceEvent e, Set<Integer> threads) {
        return threads.contains(e.pid()) || e.inKsoftirqd();
    }

    private void drainLocked() throws IOException {
        // The instance's clock is CLOCK_TAI; the capture's is CLOCK_REALTIME.
        long offset = -TraceInstance.taiOffsetNanos();
        for (String line : instance.drain()) {
            TraceEvent.parse(line).ifPresent(e -> recent.add(e.shifted(offset)));
        }
        long oldest = PlanRunner.wallNanos() - KEEP_NANOS;
        recent.removeIf(e -> e.clockNanos() < oldest);
    }

    @Override
    public void close() {
        instance.close();
    }
}

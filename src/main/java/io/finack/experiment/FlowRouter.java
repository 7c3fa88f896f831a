package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.wire.FrameView;
import io.finack.wire.IcmpCodec;
import io.finack.wire.Sniffer;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each frame of a capture shared by several plans to the plan whose connection it
 * belongs to. The repetitions of a job share one capture of lo, each on a 4-tuple of its own
 * ({@link Plan#shifted}); a frame goes to the plan whose two endpoints it joins, and only if
 * it was captured after that plan was attached. Any other frame, such as the reset of a socket
 * an earlier repetition closed on the same 4-tuple, goes nowhere.
 */
final class FlowRouter implements Sniffer.Listener {
    /** Keyed by the harness's port, which is unique among the plans attached at any one time. */
    private final Map<Integer, Route> routes = new ConcurrentHashMap<>();

    /** One plan's connection; delivery and detaching exclude each other, so no frame arrives after detach. */
    private static final class Route {
        private volatile Endpoint kernel;
        private final Endpoint harness;
        private final Sniffer.Listener listener;
        private final long sinceNanos;
        private boolean attached = true;

        Route(Endpoint kernel, Endpoint harness, Sniffer.Listener listener, long sinceNanos) {
            this.kernel = kernel;
            this.harness = harness;
            this.listener = listener;
            this.sinceNanos = sinceNanos;
        }

        boolean carries(FrameView view, long epochNanos) {
            return epochNanos >= sinceNanos && (view.sentFrom(harness) && view.sentTo(kernel)
                    || view.sentFrom(kernel) && view.sentTo(harness));
        }

        synchronized void deliver(long epochNanos, byte[] raw) {
            if (attached) {
                listener.frame(epochNanos, raw);
            }
        }

        synchronized void detach() {
            attached = false;
        }
    }

    /**
     * From now on, frames between {@code kernel} and {@code harness} captured at or after
     * {@code sinceNanos} (the capture's clock, CLOCK_REALTIME) go to {@code listener}.
     */
    void attach(Endpoint kernel, Endpoint harness, Sniffer.Listener listener, long sinceNanos) {
        Route route = new Route(kernel, harness, listener, sinceNanos);
        if (routes.putIfAbsent(harness.port(), route) != null) {
            throw new IllegalStateException("two plans at once on the harness port " + harness.port());
        }
    }

    /** Frames between {@code kernel} and the plan's {@code harness} go to it from now on, instead of its earlier kernel endpoint's. */
    void move(Endpoint harness, Endpoint kernel) {
        Route route = routes.get(harness.port());
        if (route != null) {
            route.kernel = kernel;
        }
    }

    /**
     * No more frames go to the plan whose harness endpoint is {@code harness}; a frame being
     * handed to it now is handed over before this returns.
     */
    void detach(Endpoint harness) {
        Route route = routes.remove(harness.port());
        if (route != null) {
            route.detach();
        }
    }

    @Override
    public void frame(long epochNanos, byte[] raw) {
        Optional<FrameView> view = FrameView.of(raw);
        if (view.isEmpty()) {
            // An ICMP error goes to the plan whose connection the segment it quotes belongs to.
            Optional<IcmpCodec.Message> icmp = IcmpCodec.decode(raw);
            Route route = icmp.map(m -> routes.get(m.quotedDestinationPort())).orElse(null);
            if (route == null) {
                route = icmp.map(m -> routes.get(m.quotedSourcePort())).orElse(null);
            }
            if (route != null && epochNanos >= route.sinceNanos) {
                route.deliver(epochNanos, raw);
            }
            return;
        }
        Route route = routes.get(view.get().destinationPort());
        if (route == null || !route.carries(view.get(), epochNanos)) {
            route = routes.get(view.get().sourcePort());
        }
        if (route != null && route.carries(view.get(), epochNanos)) {
            route.deliver(epochNanos, raw);
        }
    }
}

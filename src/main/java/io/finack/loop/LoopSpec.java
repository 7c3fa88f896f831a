package io.finack.loop;

import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * One reconnect loop: where it runs, how long, what counts as slow, and how much of the capture
 * it keeps around slow or failed connections.
 *
 * @param family    IPv4 (127.0.0.1) or IPv6 (::1)
 * @param limit     a number of connections or a duration
 * @param threshold a connect() that takes longer is slow (0: every one is)
 * @param windows   what is kept of the capture around each slow or failed connection
 * @param mode      a fresh network namespace, or the caller's own
 */
public record LoopSpec(Endpoint.Family family, Limit limit, Duration threshold, WindowBounds windows,
                       SandboxSpec.Mode mode) {
    /** The default threshold: half the initial RTO, so a 1 s SYN retry is slow and a 2-jiffy one is not. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(500);
    /** The client's fixed port: every connection reuses it, which is what meets a stale socket of the last one. */
    public static final int CLIENT_PORT = 40000;
    public static final int SERVER_PORT = 8080;

    public LoopSpec {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(mode, "mode");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("negative threshold: " + threshold);
        }
    }

    public Endpoint client() {
        return new Endpoint(family.loopback(), CLIENT_PORT);
    }

    public Endpoint server() {
        return new Endpoint(family.loopback(), SERVER_PORT);
    }

    /** When the loop stops: after a number of connections, or once a duration has passed. */
    public sealed interface Limit {
        /** True when the loop has done enough after {@code connections} in {@code elapsedNanos}. */
        boolean reached(long connections, long elapsedNanos);

        /** {@code count} connections. */
        record Connections(long count) implements Limit {
            public Connections {
                if (count < 1) {
                    throw new IllegalArgumentException("at least one connection: " + count);
                }
            }

            @Override
            public boolean reached(long connections, long elapsedNanos) {
                return connections >= count;
            }

            @Override
            public String toString() {
                return count + " connections";
            }
        }

        /** As many connections as fit in {@code duration} (the last one started before it ran out). */
        record Lasting(Duration duration) implements Limit {
            public Lasting {
                if (duration.isNegative() || duration.isZero()) {
                    throw new IllegalArgumentException("duration must be positive: " + duration);
                }
            }

            @Override
            public boolean reached(long connections, long elapsedNanos) {
                return elapsedNanos >= duration.toNanos();
            }

            @Override
            public String toString() {
                return duration.toMillis() / 1000.0 + " s";
            }
        }
    }
}

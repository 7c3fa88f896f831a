package io.finack.watch;

import io.finack.analysis.StaleAckDetector;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code finack watch} captures and what it keeps.
 *
 * @param device         the interface, in the caller's network namespace ("any" for all)
 * @param filter         a BPF filter in tcpdump's syntax, run by the kernel on each frame
 * @param interval       how often a summary line is printed
 * @param evidenceDir    where each finding's pcap window goes, if anywhere
 * @param maxEvidenceBytes the most the evidence pcaps may take together; later windows are counted, not written
 * @param metrics        where the Prometheus endpoint listens, if anywhere (port 0: any free port)
 * @param fastRetryLimit a SYN retry sooner than this after the RST is FAST_RETRY
 * @param idleTimeout    a 4-tuple without a frame for this long is forgotten, its open attempt reported
 * @param maxFlows       4-tuples followed at once
 */
public record WatchSpec(String device, Optional<String> filter, Duration interval, Optional<Path> evidenceDir,
                        long maxEvidenceBytes, Optional<InetSocketAddress> metrics, Duration fastRetryLimit,
                        Duration idleTimeout, int maxFlows) {
    /** Every header finack reads (Ethernet or cooked, IPv6 with options, TCP with options) fits; payloads are not kept. */
    public static final int SNAPLEN = 256;
    /** The kernel's ring: some 100,000 frames of the snap length, so a capture thread kept off the CPUs a while loses none. */
    public static final int BUFFER_BYTES = 32 << 20;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_EVIDENCE_BYTES = 100L << 20;

    public WatchSpec {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(evidenceDir, "evidenceDir");
        Objects.requireNonNull(metrics, "metrics");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("summary interval must be positive: " + interval);
        }
        if (maxEvidenceBytes < 0) {
            throw new IllegalArgumentException("evidence cap must be >= 0: " + maxEvidenceBytes);
        }
    }

    /** lo, no filter, the defaults: what {@code finack watch} alone does. */
    public static WatchSpec loopback() {
        return new WatchSpec("lo", Optional.empty(), DEFAULT_INTERVAL, Optional.empty(), DEFAULT_MAX_EVIDENCE_BYTES,
                Optional.empty(), StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT, StaleAckDetector.DEFAULT_IDLE_TIMEOUT,
                StaleAckDetector.DEFAULT_MAX_FLOWS);
    }
}

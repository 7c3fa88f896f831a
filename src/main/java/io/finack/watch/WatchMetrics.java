package io.finack.watch;

import io.finack.analysis.PathFinding;
import io.finack.analysis.Verdict;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code finack watch} counts, kept in Prometheus client metrics (the summary lines read
 * the same counters, so the two always agree) and served, when asked, in Prometheus' text
 * exposition format at {@code /metrics}. Names (each counter gets {@code _total}):
 * <ul>
 * <li>{@code finack_attempts{verdict}}: connection attempts by verdict, every verdict from 0;
 * <li>{@code finack_lost_syns}: SYNs re-sent with no stale ACK before them (a lost SYN or SYN/ACK);
 * <li>{@code finack_attempts_with_lost_syns}: attempts with at least one such SYN;
 * <li>{@code finack_fin_wait2_flows}: flows seen left in FIN_WAIT_2;
 * <li>{@code finack_rst_to_retry_seconds}: histogram of the RST -> SYN retry interval;
 * <li>{@code finack_capture_frames}, {@code finack_capture_dropped_frames}: frames finack read,
 * and frames the kernel dropped because finack's ring was full;
 * <li>{@code finack_evidence_files}, {@code finack_evidence_bytes}, {@code finack_evidence_not_written}:
 * the pcap windows written, and those the size cap or the open-window bound kept from being written.
 * </ul>
 */
final class WatchMetrics implements AutoCloseable {
    /** From the fast resend (2 jiffies, 2-10 ms) through the initial RTO (1 s) and its backoffs. */
    private static final double[] RETRY_BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 4, 8, 16};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter attempts = Counter.builder().name("finack_attempts")
            .help("TCP connection attempts, by how far they went on the stale ACK -> RST -> SYN retry path")
            .labelNames("verdict").register(registry);
    private final Counter lostSyns = Counter.builder().name("finack_lost_syns")
            .help("SYNs re-sent with no stale ACK before them (the SYN or its SYN/ACK was lost)").register(registry);
    private final Counter attemptsWithLostSyns = Counter.builder().name("finack_attempts_with_lost_syns")
            .help("connection attempts with at least one lost SYN").register(registry);
    private final Counter finWait2 = Counter.builder().name("finack_fin_wait2_flows")
            .help("flows left in FIN_WAIT_2: a FIN acked and no FIN back before the flow went idle").register(registry);
    private final Histogram rstToRetry = Histogram.builder().name("finack_rst_to_retry_seconds")
            .help("RST -> SYN retry interval of the attempts that took the path").classicOnly()
            .classicUpperBounds(RETRY_BUCKETS).register(registry);
    private final Counter evidenceFiles = Counter.builder().name("finack_evidence_files")
            .help("pcap windows written around findings").register(registry);
    private final Counter evidenceBytes = Counter.builder().name("finack_evidence_bytes")
            .help("bytes of the pcap windows written").register(registry);
    private final Counter evidenceNotWritten = Counter.builder().name("finack_evidence_not_written")
            .help("findings whose window was not written: the size cap was reached, or too many windows were open").register(registry);
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private Optional<HTTPServer> server = Optional.empty();

    WatchMetrics() {
        for (Verdict v : Verdict.values()) {
            attempts.labelValues(v.name());
        }
        CounterWithCallback.builder().name("finack_capture_frames").help("frames the capture handed to finack")
                .callback(c -> c.call(frames.get())).register(registry);
        CounterWithCallback.builder().name("finack_capture_dropped_frames")
                .help("frames the kernel dropped because finack's capture ring was full")
                .callback(c -> c.call(dropped.get())).register(registry);
    }

    /** Serves {@code /metrics} on {@code address} (port 0: a free one); returns the address bound. */
    InetSocketAddress serve(InetSocketAddress address) throws IOException {
        HTTPServer http = HTTPServer.builder().inetAddress(address.getAddress()).port(address.getPort())
                .registry(registry).buildAndStart();
        server = Optional.of(http);
        return new InetSocketAddress(address.getAddress(), http.getPort());
    }

    void finding(PathFinding f) {
        attempts.labelValues(f.verdict().name()).inc();
        if (f.synRetransmissions() > 0) {
            lostSyns.inc(f.synRetransmissions());
            attemptsWithLostSyns.inc();
        }
        if (f.rstToRetryMs() != null) {
            rstToRetry.observe(f.rstToRetryMs() / 1e3);
        }
    }

    void finWait2() {
        finWait2.inc();
    }

    void frame() {
        frames.incrementAndGet();
    }

    void dropped(long kernelDrops) {
        dropped.set(kernelDrops);
    }

    void evidence(long bytes) {
        evidenceFiles.inc();
        evidenceBytes.inc(bytes);
    }

    void evidenceNotWritten() {
        evidenceNotWritten.inc();
    }

    /** The counts as the summary line shows them. */
    WatchSummary summary(long epochNanos, boolean last) {
        Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, (long) attempts.labelValues(v.name()).get());
        }
        return new WatchSummary(epochNanos, last, frames.get(), dropped.get(), verdicts, (long) lostSyns.get(),
                (long) attemptsWithLostSyns.get(), (long) finWait2.get(), (long) evidenceFiles.get(),
                (long) evidenceBytes.get(), (long) evidenceNotWritten.get());
    }

    @Override
    public void close() {
        server.ifPresent(HTTPServer::close);
    }
}

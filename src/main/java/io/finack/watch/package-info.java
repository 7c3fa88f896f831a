/**
 * {@code finack watch}: the stale-ACK detector on a live capture. {@link io.finack.watch.Watch}
 * opens a read-only libpcap capture of one interface (a BPF filter run in the kernel), feeds
 * each frame through the record decoding of capture files ({@link io.finack.capture.LiveRecords})
 * to the {@link io.finack.analysis.StaleAckDetector} that {@code finack analyze} uses, and hands
 * each finding to a {@link io.finack.watch.WatchListener} as it is decided; the reconnect loop's
 * {@link io.finack.loop.SpikeWindows} keep a window of frames around each one, which
 * {@link io.finack.watch.EvidenceFiles} writes under a size cap. {@link io.finack.watch.WatchMetrics}
 * holds the counts in Prometheus client metrics, served over HTTP when asked, and the
 * {@link io.finack.watch.WatchSummary} lines read the same counters.
 */
package io.finack.watch;

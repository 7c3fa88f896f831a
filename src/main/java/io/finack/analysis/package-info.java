/**
 * Path detection over frames, never the network: {@link io.finack.analysis.StaleAckDetector}
 * streams frames (a live trace, or a file through {@link io.finack.capture.CaptureReader}, with
 * the same code) through a bounded {@link io.finack.analysis.FlowTable} that forgets idle and
 * finished 4-tuples, and reports each connection attempt's {@link io.finack.analysis.PathFinding}
 * with its {@link io.finack.analysis.Verdict}, timings, frame numbers and, where the capture
 * shows it, the {@link io.finack.analysis.FinWait2} precondition; findings go to a sink as they
 * are made, for captures too long to keep one finding per attempt.
 * {@link io.finack.analysis.CaptureAnalysis} is what {@code finack analyze} makes of one file,
 * or of a stream ({@link io.finack.analysis.StreamAnalysis}: up to its end or the fault that cut it).
 * {@link io.finack.analysis.ReconnectReply} names what a reconnecting SYN from an old
 * connection's port got (SYN/ACK, stale ACK, RST, nothing, or nothing within the kernel's rate
 * limit for out-of-window ACKs). {@link io.finack.analysis.Stats} is the order statistics of
 * measured samples (intervals, latencies), which the loop, the race and the reports share.
 */
package io.finack.analysis;

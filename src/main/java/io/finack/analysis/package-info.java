/**
 * Path detection over frames, never the network: {@link io.finack.analysis.StaleAckDetector}
 * streams frames (a live trace or a pcap file, with the same code) and reports each connection
 * attempt's {@link io.finack.analysis.PathFinding} with its {@link io.finack.analysis.Verdict},
 * timings and frame numbers; for a capture too long to keep a finding per attempt it hands
 * each finding to a sink instead.
 */
package io.finack.analysis;

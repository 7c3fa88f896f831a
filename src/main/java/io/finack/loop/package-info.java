/**
 * {@code reconnect-loop}: the kernel's own reproducer of the FIN/ACK latency spike (selftest
 * fin_ack_lat), both ends real kernel sockets in a sandbox. {@link io.finack.loop.ReconnectLoop}
 * drives the server and the client and times every connect(); {@link io.finack.loop.LatencyRecorder}
 * keeps the distributions in constant memory; {@link io.finack.loop.PathCounter} runs the stale-ACK
 * detector over the whole capture, streaming; {@link io.finack.loop.SpikeWindows} keeps a window of
 * the capture around each slow or failed connection within {@link io.finack.loop.WindowBounds}, so
 * a loop of any length keeps and writes a bounded capture ({@code finack watch} keeps its windows
 * around findings with the same class); {@link io.finack.loop.SpikeEvidence}
 * runs the detector over a window and writes it out. {@link io.finack.loop.ConnectionCounter}
 * checks that the capture kept up.
 */
package io.finack.loop;

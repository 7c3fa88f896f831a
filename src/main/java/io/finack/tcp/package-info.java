/**
 * Immutable TCP values: {@link io.finack.tcp.Segment} with its builder, {@link
 * io.finack.tcp.Flags}, {@link io.finack.tcp.TcpOption}, {@link io.finack.tcp.Endpoint}, kernel
 * {@link io.finack.tcp.TcpState}s, and sequence-space arithmetic ({@link io.finack.tcp.SeqNum}).
 * No I/O, no native calls.
 */
package io.finack.tcp;

/**
 * The live kernel side: real sockets driven through libc ({@link io.finack.kernel.KernelSocket})
 * and the sock_diag reader ({@link io.finack.kernel.SockDiag}) that sees every TCP socket of a
 * namespace, orphans and timewait sockets included, with each full socket's {@link io.finack.kernel.TcpInfo};
 * {@link io.finack.kernel.NetCounters} reads a namespace's SNMP and netstat counters;
 * {@link io.finack.kernel.ThreadScheduling} pins a
 * thread to a CPU and sets its scheduling policy. Native calls stay here, in sandbox and in wire.
 */
package io.finack.kernel;

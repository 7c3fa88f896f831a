/**
 * Where experiments run: a fresh network namespace on a dedicated thread ({@link
 * io.finack.sandbox.NetNamespace}), lo up with the two settings injection on lo needs (route_localnet and
 * accept_local, set through rtnetlink since /proc/sys is read-only in containers), and an nft table
 * that keeps the kernel from answering for the harness's fake endpoint. {@link
 * io.finack.sandbox.Sandbox} undoes it all in reverse order on close, and {@link
 * io.finack.sandbox.CleanupRegistry} at exit, also on SIGINT and SIGTERM, when the caller's own
 * namespace was used. A script run as packetdrill runs it gets packetdrill's device too:
 * {@link io.finack.sandbox.Tun0}, a veth end named tun0 whose peer lives in a second namespace
 * of finack's, where the harness injects ({@link io.finack.sandbox.Tun0Spec} says its MTU and
 * loopback-range or link-local addresses).
 * {@link io.finack.sandbox.TraceInstance} is a tracefs instance of finack's own (mounted, where no
 * tracefs is, in a mount namespace of its own), removed the same way.
 */
package io.finack.sandbox;

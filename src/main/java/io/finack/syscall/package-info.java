/**
 * The system calls a plan makes on the kernel, in packetdrill's notation. {@link
 * io.finack.syscall.Syscalls} is the table from a call's name to its class; each class ({@link
 * io.finack.syscall.Socket}, {@link io.finack.syscall.RecvMsg}, {@link io.finack.syscall.Poll},
 * ...) holds the whole call: the reading of its arguments ({@link io.finack.syscall.Argument},
 * read through {@link io.finack.syscall.Notation} and {@link io.finack.syscall.Symbols}), the libc
 * call through JNA, and the check of what it returned besides its result, in packetdrill's
 * wording. Struct layouts live with the notation they come from ({@link
 * io.finack.syscall.MsgHdr}, {@link io.finack.syscall.ControlMessage}, {@link
 * io.finack.syscall.EpollEvent}). A run's descriptors, under the script's numbers, are an
 * {@link io.finack.syscall.FdTable}.
 */
package io.finack.syscall;

/**
 * The original race of the FIN/ACK latency spike, reproduced: the peer's ACK of the kernel's
 * FIN and its FIN/ACK (or RST/ACK) sent at the same moment from two threads pinned to two CPUs
 * ({@link io.finack.race.RacePartner}, {@link io.finack.race.SpinBarrier}), so that the kernel
 * processes them concurrently, as no one-packet-at-a-time tool can make it do. {@link
 * io.finack.race.RaceLoop} runs thousands of iterations a second in one sandbox, with a
 * sequential control ({@link io.finack.race.Delivery}); each iteration's end state, read
 * through sock_diag, is an {@link io.finack.race.Outcome}, FIN_WAIT2 a hit, confirmed by the
 * stale ACK a reconnecting SYN gets. Plans and their runner (package experiment) take one
 * segment at a time, so the race has its own loop; it shares their frames, sandbox and notation.
 */
package io.finack.race;

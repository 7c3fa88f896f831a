/**
 * Ladder diagrams: an exchange drawn as two endpoints side by side with one arrow a segment,
 * the states between them, and the stale-ACK path (stale ACK, RST, SYN retry) highlighted with
 * the interval that ends on each of its frames. {@link io.finack.ladder.Ladders} makes the one
 * value, {@link io.finack.ladder.Ladder}, from a run's frames and sock_diag observations, from a
 * plan's steps ({@code finack show --ladder}) or from an {@code analyze} finding;
 * {@link io.finack.ladder.LadderText} draws it in 100 columns for a terminal (colour as
 * {@link io.finack.ladder.Palette} allows), {@link io.finack.ladder.LadderSvg} as SVG for the
 * HTML report. The right side's states are the ones its own segments imply
 * ({@link io.finack.ladder.PeerState}): the harness keeps no socket to ask.
 */
package io.finack.ladder;

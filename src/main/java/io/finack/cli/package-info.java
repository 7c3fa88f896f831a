/**
 * The {@code finack} command on Apache Commons CLI: run, list, show, analyze, merge, doctor;
 * {@code run race} is dispatched by run to {@link io.finack.cli.RaceCommand}, {@code run
 * reconnect-loop} to {@link io.finack.cli.ReconnectLoopCommand}. Every failure ends in one line and
 * a documented exit status ({@link io.finack.cli.ExitStatus}).
 */
package io.finack.cli;

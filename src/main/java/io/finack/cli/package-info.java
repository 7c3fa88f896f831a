/**
 * The {@code finack} command on Apache Commons CLI: run, list, show, doctor. Every failure ends
 * in one line and a documented exit status ({@link io.finack.cli.ExitStatus}).
 */
package io.finack.cli;

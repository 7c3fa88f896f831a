/**
 * finack's script language: packetdrill's notation for TCP experiments (timed packet lines,
 * system calls with their results, backtick commands) plus finack's own {@code @} lines (state
 * and verdict checks, {@code @observe} state reads, and the {@code @expect} header lines of a
 * close-order expectation judged at the end). Every built-in experiment is a script of it
 * ({@link io.finack.script.BuiltinScripts}). Split
 * as packetdrill splits it: {@link io.finack.script.Lexer} (tokens with line and column),
 * {@link io.finack.script.Parser} (one event a line, every error a
 * {@link io.finack.script.ScriptParseException} at its line and column), the model
 * ({@link io.finack.script.Script}, {@link io.finack.script.Event}, {@link io.finack.script.Action}),
 * and the translation of a script into an experiment plan, which the experiment package runs.
 * The language reference is docs/script-language.md.
 */
package io.finack.script;

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
 * packetdrill's own scripts run as packetdrill runs them ({@link io.finack.script.Translator#packetdrillPlan}):
 * its options, from its command line ({@link io.finack.script.Invocation}) and header lines, in
 * one table ({@link io.finack.script.PacketdrillOption}), its {@code --ip_version}
 * ({@link io.finack.script.Variant}), its addresses mapped onto finack's on tun0
 * ({@link io.finack.script.AddressMap}). The language reference is docs/script-language.md;
 * packetdrill's scripts, docs/packetdrill-compatibility.md.
 */
package io.finack.script;

/**
 * packetdrill's python blocks ({@code %{ ... }%}): a {@link io.finack.python.PythonBlock} is one
 * block's code and where the script has it; a {@link io.finack.python.PythonBlock.Reading} is
 * what the socket under test reported at the block's line (TCP_INFO, TCP_CC_INFO, SO_MEMINFO).
 * As packetdrill does, every block runs once the script's last line is done, in one Python 3
 * process, in script order, each after the variables of its own reading:
 * {@link io.finack.python.PythonProgram} writes that program (and reads which block failed from
 * its error output), {@link io.finack.python.PythonInterpreter} finds the interpreter and runs it.
 * The language reference is the "python blocks" section of docs/script-language.md.
 */
package io.finack.python;

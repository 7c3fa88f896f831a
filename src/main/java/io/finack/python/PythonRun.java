package io.finack.python;

import java.util.List;

/**
 * What a run's python blocks read and printed: one reading a block whose line was reached, in
 * script order, and the blocks' standard output (empty when they never ran: the script failed
 * first, or a block had no socket to read).
 */
public record PythonRun(List<PythonBlock.Reading> readings, String output) {
    public PythonRun {
        readings = List.copyOf(readings);
    }
}

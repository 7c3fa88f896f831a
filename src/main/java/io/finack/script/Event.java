package io.finack.script;

import io.finack.experiment.Timing;

/** One line of a script's body: when, what, and where it was written. */
public record Event(int line, int column, Timing timing, Action action) {
    @Override
    public String toString() {
        return timing + " " + action;
    }
}

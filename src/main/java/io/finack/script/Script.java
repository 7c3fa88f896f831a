package io.finack.script;

import io.finack.experiment.Expectation;

import java.util.List;
import java.util.Optional;

/**
 * A parsed script: its {@code --name=value} settings, the close-order expectation its
 * {@code @expect} header lines declare (if any), and its events in order. {@code name} names it
 * in reports (the file name without {@code .pkt}).
 */
public record Script(String name, List<Setting> settings, Optional<Expectation.CloseOrder> closeOrder, List<Event> events) {
    /** One {@code --name=value} line. */
    public record Setting(String name, String value, int line) {
    }

    public Script {
        settings = List.copyOf(settings);
        events = List.copyOf(events);
    }
}

package io.finack.script;

import java.util.List;

/**
 * A parsed script: its {@code --name=value} settings and its events in order. {@code name}
 * names it in reports (the file name without {@code .pkt}).
 */
public record Script(String name, List<Setting> settings, List<Event> events) {
    /** One {@code --name=value} line. */
    public record Setting(String name, String value, int line) {
    }

    public Script {
        settings = List.copyOf(settings);
        events = List.copyOf(events);
    }
}

package io.finack.ladder;

import java.util.Map;

/**
 * ANSI colours for the text ladder, or none. Colour only helps a person at a terminal: in a
 * pipe, a file or a CI log the escapes are noise, and NO_COLOR (https://no-color.org: set and
 * not empty) turns them off everywhere. The diagram never depends on them: highlighted arrows
 * are drawn with {@code =} instead of {@code -}.
 */
public enum Palette {
    PLAIN, ANSI;

    /** What a piece of the diagram is, for its colour. */
    public enum Ink {
        PATH("\033[1;31m"), LEFT_STATE("\033[1;36m"), RIGHT_STATE("\033[36m"), DIM("\033[2m");

        private final String escape;

        Ink(String escape) {
            this.escape = escape;
        }
    }

    private static final String RESET = "\033[0m";

    /** For the process's stdout: colour on a terminal unless NO_COLOR says otherwise. */
    public static Palette forStdout() {
        return choose(System.getenv(), onTerminal(System.console()));
    }

    /**
     * Up to Java 21 a console exists only when stdin and stdout are terminals; from Java 22 one
     * may exist for a pipe too, and {@code Console.isTerminal()} (looked up, as Java 17 lacks it)
     * tells them apart.
     */
    private static boolean onTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** {@code terminal}: stdout (and stdin, as Java sees it) is a terminal. */
    public static Palette choose(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        boolean refused = noColor != null && !noColor.isEmpty();
        return terminal && !refused ? ANSI : PLAIN;
    }

    /** {@code text} in {@code ink}; as is for PLAIN or blank text, so that padding stays exact. */
    public String paint(String text, Ink ink) {
        return this == PLAIN || text.isBlank() ? text : ink.escape + text + RESET;
    }
}

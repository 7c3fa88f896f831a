package io.finack.ladder;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/**
 * Draws a ladder as text in 100 columns: frame number and time, the left side's states, the
 * two rails with one arrow a segment between them, the right side's states, and what the
 * segment is on the path with the interval that ends on it. Path arrows are drawn with
 * {@code =} so the diagram reads the same without colour.
 */
public final class LadderText {
    /** The widest line the diagram draws. */
    public static final int WIDTH = 100;
    private static final int RAIL = 36;
    private static final int LABEL = RAIL - 6;
    private static final String ROW = "%5s %9s  %-12s %s %-11s %s";
    /** What is left of {@link #WIDTH} for the last column, after the fixed ones. */
    private static final int PATH = WIDTH - 81;

    private final Palette palette;

    public LadderText(Palette palette) {
        this.palette = palette;
    }

    /** The diagram, one line a row, each ending in a newline, none longer than {@link #WIDTH}. */
    public String render(Ladder ladder) {
        StringJoiner out = new StringJoiner("\n", "", "\n");
        out.add(ladder.title());
        String addresses = ladder.left().address()
                + " ".repeat(Math.max(1, RAIL + 2 - ladder.left().address().length() - ladder.right().address().length()))
                + ladder.right().address();
        out.add(line("frame", "ms", ladder.left().role(), addresses, ladder.right().role(), "path"));
        for (Ladder.Row row : ladder.rows()) {
            out.add(row(row));
        }
        out.add(palette.paint("  " + ladder.legend(), Palette.Ink.DIM));
        if (ladder.arrows().stream().anyMatch(a -> a.dropped().isPresent())) {
            out.add(palette.paint("  x| |x: the kernel dropped the segment (skb:kfree_skb; its reason in the report)",
                    Palette.Ink.DIM));
        }
        if (ladder.arrows().stream().anyMatch(Ladder.Arrow::highlighted)) {
            boolean timed = ladder.arrows().stream().anyMatch(a -> a.interval().isPresent());
            out.add(palette.paint("  ==> the stale-ACK path" + (timed ? "; +ms: the measured interval that ends on the frame" : ""),
                    Palette.Ink.DIM));
        }
        return out.toString();
    }

    private String row(Ladder.Row row) {
        String time = time(row.millis());
        if (row instanceof Ladder.Arrow a) {
            String frame = a.frame().isPresent() ? Long.toString(a.frame().getAsLong()) : "";
            String arrow = arrow(a);
            String path = a.highlighted() ? a.role().words() + a.interval().map(i -> " +" + ms(i.millis())).orElse("")
                    : cut(a.dropped().map(d -> "drop " + d).or(a::note).orElse(""), PATH);
            return line(frame, time, "", a.highlighted() ? palette.paint(arrow, Palette.Ink.PATH) : arrow,
                    palette.paint(a.rightState().map(LadderText::fit11).orElse(""), Palette.Ink.RIGHT_STATE),
                    a.highlighted() ? palette.paint(path, Palette.Ink.PATH) : path);
        } else if (row instanceof Ladder.LeftState s) {
            String state = line("", time, palette.paint(s.state(), Palette.Ink.LEFT_STATE), rails(), "", s.source());
            // The tcp_info read with the state goes on a line of its own, from the left rail on.
            return s.detail().map(d -> state + "\n" + line("", "", palette.paint(cut("tcp_info " + d, WIDTH - 17),
                    Palette.Ink.DIM), "", "", "")).orElse(state);
        } else {
            Ladder.Event e = (Ladder.Event) row;
            return e.left() ? line("", time, e.text(), rails(), "", "") : line("", time, "", rails(), fit11(e.text()), "");
        }
    }

    /** One row, padded on the plain text so that colour escapes do not shift the columns. */
    private String line(String frame, String time, String left, String rail, String right, String path) {
        return String.format(Locale.ROOT, ROW, frame, time, pad(left, 12), rail, pad(right, 11), path).stripTrailing();
    }

    private static String pad(String painted, int width) {
        int visible = painted.replaceAll("\033\\[[0-9;]*m", "").length();
        return painted + " ".repeat(Math.max(0, width - visible));
    }

    private static String rails() {
        return "|" + " ".repeat(RAIL) + "|";
    }

    private static String arrow(Ladder.Arrow a) {
        char shaft = a.highlighted() ? '=' : '-';
        String label = cut(a.label(), LABEL);
        String tail = repeat(shaft, 2) + " " + label + " ";
        String fill = repeat(shaft, RAIL - tail.length() - 1);
        // A segment the kernel dropped ends in x where the head would be.
        if (a.leftToRight()) {
            return "|" + tail + fill + (a.dropped().isPresent() ? "x|" : ">|");
        }
        return (a.dropped().isPresent() ? "|x" : "|<") + fill + " " + label + " " + repeat(shaft, 2) + "|";
    }

    /** {@code text} in at most {@code width} columns, a cut marked with {@code ~}. */
    private static String cut(String text, int width) {
        return text.length() > width ? text.substring(0, width - 1) + "~" : text;
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(Math.max(0, n));
    }

    private static String fit11(String text) {
        return text.length() > 11 ? text.substring(0, 11) : text;
    }

    private static String time(OptionalDouble millis) {
        return millis.isPresent() ? String.format(Locale.ROOT, "%.3f", millis.getAsDouble()) : "";
    }

    /** As the one-line reports print a duration: two decimals under 100 ms, whole above. */
    public static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis) : String.format(Locale.ROOT, "%.2f ms", millis);
    }
}

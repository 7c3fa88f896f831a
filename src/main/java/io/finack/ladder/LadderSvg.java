package io.finack.ladder;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Draws a ladder as an SVG element for the HTML report: the two sides' rails, one sloped arrow
 * a segment with its label, the states beside the rails, the path's arrows in their own
 * class ({@code path} plus {@code stale-ack}, {@code rst} or {@code retry}) with the interval
 * that ends on them. Each arrow links to its frame's row in the report ({@code frameLink}).
 * Styling is left to the page's stylesheet, so the SVG holds structure and text only.
 */
public final class LadderSvg {
    private static final int WIDTH = 1000;
    private static final int LEFT_RAIL = 300;
    private static final int RIGHT_RAIL = 620;
    private static final int ROW = 30;
    private static final int TOP = 56;
    private static final int SLOPE = 12;

    private LadderSvg() {
    }

    /**
     * The diagram as one {@code <svg>} element; {@code frameLink} gives the href for a frame
     * number, or null for none.
     */
    public static String render(Ladder ladder, LongFunction<String> frameLink) {
        int height = TOP + ROW * ladder.rows().size() + 20;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"ladder\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n", WIDTH, height, WIDTH, height, escape(ladder.title())));
        s.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" "
                + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>\n");
        text(s, "side", LEFT_RAIL, 18, "middle", ladder.left().role());
        text(s, "address", LEFT_RAIL, 36, "middle", ladder.left().address());
        text(s, "side", RIGHT_RAIL, 18, "middle", ladder.right().role());
        text(s, "address", RIGHT_RAIL, 36, "middle", ladder.right().address());
        text(s, "heading", 10, 36, "start", "frame");
        text(s, "heading", 100, 36, "end", "ms");
        s.append(String.format(Locale.ROOT, "<line class=\"rail\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", LEFT_RAIL, TOP - 10, LEFT_RAIL, height - 10));
        s.append(String.format(Locale.ROOT, "<line class=\"rail\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", RIGHT_RAIL, TOP - 10, RIGHT_RAIL, height - 10));
        int y = TOP;
        for (Ladder.Row row : ladder.rows()) {
            time(s, row.millis(), y);
            if (row instanceof Ladder.Arrow a) {
                arrow(s, a, y, frameLink);
            } else if (row instanceof Ladder.LeftState st) {
                text(s, "state left", LEFT_RAIL - 10, y + 10, "end", st.state() + " (" + st.source() + ")");
                // Between the rails, where a state row draws no arrow.
                if (st.detail().isPresent()) {
                    text(s, "tcp-info", LEFT_RAIL + 10, y + 10, "start", st.detail().get());
                }
            } else {
                Ladder.Event e = (Ladder.Event) row;
                text(s, "event", e.left() ? LEFT_RAIL - 10 : RIGHT_RAIL + 10, y + 10, e.left() ? "end" : "start", e.text());
            }
            y += ROW;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void arrow(StringBuilder s, Ladder.Arrow a, int y, LongFunction<String> frameLink) {
        String classes = "arrow" + (a.highlighted() ? " path " + a.role().name().toLowerCase(Locale.ROOT).replace('_', '-') : "")
                + (a.dropped().isPresent() ? " dropped" : "");
        String link = a.frame().isPresent() ? frameLink.apply(a.frame().getAsLong()) : null;
        s.append(String.format(Locale.ROOT, "<g class=\"%s\"%s data-label=\"%s\">", classes,
                frameAttribute(a.frame()), escape(a.label())));
        if (link != null) {
            s.append("<a href=\"").append(escape(link)).append("\">");
        }
        s.append("<title>").append(escape(a.frame().isPresent() ? "frame " + a.frame().getAsLong() + ": " : ""))
                .append(escape(a.label())).append("</title>");
        int from = a.leftToRight() ? LEFT_RAIL : RIGHT_RAIL;
        int to = a.leftToRight() ? RIGHT_RAIL : LEFT_RAIL;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#head)\"/>",
                from, y, to, y + SLOPE));
        text(s, "label", (LEFT_RAIL + RIGHT_RAIL) / 2, y - 2, "middle", a.label());
        if (link != null) {
            s.append("</a>");
        }
        s.append("</g>\n");
        a.frame().ifPresent(n -> text(s, "frame", 10, y + 10, "start", "#" + n));
        a.rightState().ifPresent(st -> text(s, "state right", RIGHT_RAIL + 10, y + 10, "start", st));
        String path = a.highlighted()
                ? a.role().words() + a.interval().map(i -> " +" + LadderText.ms(i.millis()) + " (" + i.words() + ")").orElse("")
                : a.note().orElse("");
        // Where the segment ended: beside the receiving side's rail, in the row's empty state column.
        a.dropped().ifPresent(d -> text(s, "drop", a.leftToRight() ? RIGHT_RAIL + 10 : LEFT_RAIL - 10, y + 10,
                a.leftToRight() ? "start" : "end", "drop " + d));
        if (!path.isEmpty()) {
            text(s, a.highlighted() ? "role" : "note", RIGHT_RAIL + 100, y + 10, "start", path);
        }
    }

    private static String frameAttribute(OptionalLong frame) {
        return frame.isPresent() ? " data-frame=\"" + frame.getAsLong() + "\"" : "";
    }

    private static void time(StringBuilder s, OptionalDouble millis, int y) {
        if (millis.isPresent()) {
            text(s, "time", 100, y + 10, "end", String.format(Locale.ROOT, "%.3f", millis.getAsDouble()));
        }
    }

    private static void text(StringBuilder s, String cls, int x, int y, String anchor, String text) {
        s.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>%n",
                cls, x, y, anchor, escape(text)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

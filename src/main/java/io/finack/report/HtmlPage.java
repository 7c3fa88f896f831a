package io.finack.report;

import com.github.mustachejava.DefaultMustacheFactory;
import io.finack.ladder.Ladder;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What finack's HTML pages share: a Mustache template from the class path (with the partials
 * {@code page-style} and {@code page-footer} beside it), and Apache ECharts with its NOTICE
 * inlined as {@code echarts} and {@code echartsNotice}, so that a page needs no network.
 */
final class HtmlPage {
    private static final String FOLDER = "io/finack/report/";
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/";

    private HtmlPage() {
    }

    /** {@code template}'s name in this package, and the values its tags name. */
    static String render(String template, Map<String, Object> values) {
        values.put("echarts", resource(ECHARTS + "dist/echarts.min.js"));
        // Apache-2.0 asks that the NOTICE travel with the library.
        values.put("echartsNotice", resource(ECHARTS + "NOTICE").strip());
        StringWriter out = new StringWriter();
        new DefaultMustacheFactory().compile(FOLDER + template).execute(out, values);
        return out.toString();
    }

    /** A JSON text that can sit inside a script element without closing it early. */
    static String scriptSafe(String json) {
        return json.replace("</", "<\\/");
    }

    /** A path's intervals as the templates list them: a name in words and a length in ms each. */
    static List<Map<String, Object>> intervals(Map<String, Double> intervals) {
        return intervals.entrySet().stream().map(i -> Map.<String, Object>of(
                "name", Ladder.Interval.words(i.getKey()), "ms", TextReport.ms(i.getValue()))).toList();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path: the build is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.finack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Prometheus endpoint scraped over HTTP and its text exposition parsed by the Prometheus
 * project's own Python client ({@code prometheus_client.parser}, Debian's
 * python3-prometheus-client, installed by {@code scripts/setup --tests}), not by finack: each
 * sample by its name and labels ({@code name{a="x",b="y"}}, labels sorted) to its value.
 */
public final class PrometheusText {
    /** Debian's Python, where python3-prometheus-client installs (a pyenv's python3 may come first on PATH). */
    private static final String PYTHON = "/usr/bin/python3";
    private static final String PARSER = String.join("\n",
            "import json, sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "out = {}",
            "for family in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in family.samples:",
            "        labels = ','.join('%s=\"%s\"' % (k, v) for k, v in sorted(s.labels.items()))",
            "        out[s.name + ('{' + labels + '}' if labels else '')] = s.value",
            "print(json.dumps(out))");

    private PrometheusText() {
    }

    /** GETs {@code url} from the calling thread (so from its network namespace) and returns the body; status 200 or the test fails. */
    public static String scrape(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        try (InputStream in = c.getInputStream()) {
            assertEquals(200, c.getResponseCode(), url);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    /** Every sample of an exposition, parsed by prometheus_client. */
    public static Map<String, Double> parse(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(PYTHON, "-c", PARSER)).redirectErrorStream(false).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("prometheus_client could not parse the exposition: " + err + "\n" + exposition);
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        JsonNode tree = new ObjectMapper().readTree(out);
        tree.fields().forEachRemaining(e -> samples.put(e.getKey(), e.getValue().asDouble()));
        return samples;
    }

    /** Scrapes and parses. */
    public static Map<String, Double> samples(String url) throws IOException, InterruptedException {
        return parse(scrape(url));
    }
}

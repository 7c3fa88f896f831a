package io.finack.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.finack.report.JsonReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The schemas themselves: each is a valid 2020-12 schema, each has its document type here, and
 * they hold what they promise, on a run report of fixed traces: a consumer's contract (required
 * fields, types, words) is enforced, and a field added later is not a break. The live outputs
 * are validated by the tests that make them (run, analyze, merge, doctor, race, reconnect-loop).
 */
class JsonSchemasTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonReport.RunContext CONTEXT = new JsonReport.RunContext("0.1.0", "node-a", "6.18.0",
            Instant.parse("2026-12-01T06:00:00Z"), "fresh", OptionalDouble.of(512.5));

    private static ObjectNode fixedRunReport() {
        return JsonReport.document(List.of(BuiltinTraces.synRetry(), BuiltinTraces.synRetryAfterRetransmit(),
                BuiltinTraces.finWait2StaleAck()), CONTEXT);
    }

    @Test
    void everySchemaIsAValid2020_12SchemaAndHasItsDocumentType() throws IOException {
        var meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Set<Path> files;
        try (Stream<Path> listed = Files.list(JsonSchemas.FOLDER)) {
            files = listed.collect(Collectors.toSet());
        }
        for (Path file : files) {
            assertEquals(List.of(), meta.validate(Files.readString(file), InputFormat.JSON), file.toString());
        }
        Set<Path> typed = Arrays.stream(JsonSchemas.values()).map(JsonSchemas::path).collect(Collectors.toSet());
        typed.add(JsonSchemas.FOLDER.resolve("common.json"));
        assertEquals(typed, files, "every schema but common.json is the schema of one kind of document");
    }

    @Test
    void aRunReportOfFixedTracesIsValid() {
        JsonSchemas.RUN.assertValid(JsonReport.write(fixedRunReport()));
    }

    @Test
    void aFieldAddedAnywhereIsNotABreak() {
        ObjectNode doc = fixedRunReport();
        doc.put("added_later", true);
        ((ObjectNode) doc.get("experiments").get(0)).putObject("tcp_info").put("rtt_us", 12);
        ((ObjectNode) doc.get("experiments").get(0).get("path")).put("added_later", "x");
        JsonSchemas.RUN.assertValid(JsonReport.write(doc));
    }

    @Test
    void aMissingFieldAWrongTypeOrAnUnknownWordIsRejected() throws IOException {
        Map<String, Consumer<ObjectNode>> breaks = new LinkedHashMap<>();
        breaks.put("an experiment without its verdict", doc -> first(doc).remove("verdict"));
        breaks.put("a frame number as text", doc -> ((ObjectNode) first(doc).get("path").get("frames")).put("syn", "1"));
        breaks.put("an unknown verdict word", doc -> first(doc).put("verdict", "MAYBE"));
        breaks.put("another schema number", doc -> doc.put("schema", 2));
        breaks.put("an unknown family", doc -> first(doc).put("family", "ipv5"));
        breaks.put("an unknown outcome", doc -> first(doc).put("outcome", "SKIPPED"));
        breaks.put("a start that is not a time", doc -> doc.put("started", "yesterday"));
        breaks.put("a report without its summary", doc -> doc.remove("summary"));
        breaks.put("counters without their scope", doc -> first(doc).putObject("counters").put("job", 0)
                .<ObjectNode>set("moved", MAPPER.createObjectNode()).set("delta", MAPPER.createObjectNode()));
        breaks.put("a drop without its reason", doc -> first(doc).putArray("drops").addObject().put("frame", 1).put("location", "tcp_v4_rcv"));
        breaks.put("a tcp_info field not under Linux's name", doc -> first(doc).putObject("python").put("output", "")
                .putArray("blocks").addObject().put("line", 3).putObject("tcp_info").put("rtt", 1));
        for (Map.Entry<String, Consumer<ObjectNode>> b : breaks.entrySet()) {
            ObjectNode doc = fixedRunReport();
            b.getValue().accept(doc);
            assertFalse(JsonSchemas.RUN.errors(MAPPER.writeValueAsString(doc)).isEmpty(), b.getKey() + " must be rejected");
        }
    }

    private static ObjectNode first(ObjectNode report) {
        return (ObjectNode) report.get("experiments").get(0);
    }

    @Test
    void watchsDocumentedLinesAreValidAndACutSummaryIsNot() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/watch.md")).stream().filter(l -> l.startsWith("{\"type\":")).toList();
        assertEquals(3, lines.size(), "docs/watch.md shows a finding, an evidence and a summary line");
        lines.forEach(JsonSchemas.WATCH::assertValid);
        assertFalse(JsonSchemas.WATCH.errors("{\"type\":\"summary\",\"time\":\"2026-12-04T19:39:13.267936Z\",\"last\":true}").isEmpty());
        assertFalse(JsonSchemas.WATCH.errors("{\"type\":\"alarm\",\"time\":\"2026-12-04T19:39:13.267936Z\"}").isEmpty());
    }

    @Test
    void anAnalyzeDocumentIsNotARunReport() {
        String analyze = "{\"schema\":1,\"tool\":\"finack 0.1.0\",\"files\":[]}";
        JsonSchemas.ANALYZE.assertValid(analyze);
        assertFalse(JsonSchemas.RUN.errors(analyze).isEmpty());
    }
}

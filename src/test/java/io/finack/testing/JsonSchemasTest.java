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
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        List<String> broken = List.of(
                "/experiments/0/verdict missing", "/experiments/0/path/frames/syn as text", "verdict MAYBE",
                "schema 2", "family ipv5", "outcome SKIPPED", "started not a time");
        for (String what : broken) {
            ObjectNode doc = fixedRunReport();
            ObjectNode experiment = (ObjectNode) doc.get("experiments").get(0);
            switch (what) {
                case "/experiments/0/verdict missing" -> experiment.remove("verdict");
                case "/experiments/0/path/frames/syn as text" -> ((ObjectNode) experiment.get("path").get("frames")).put("syn", "1");
                case "verdict MAYBE" -> experiment.put("verdict", "MAYBE");
                case "schema 2" -> doc.put("schema", 2);
                case "family ipv5" -> experiment.put("family", "ipv5");
                case "outcome SKIPPED" -> experiment.put("outcome", "SKIPPED");
                case "started not a time" -> doc.put("started", "yesterday");
                default -> throw new AssertionError(what);
            }
            assertFalse(JsonSchemas.RUN.errors(MAPPER.writeValueAsString(doc)).isEmpty(), what + " must be rejected");
        }
    }

    @Test
    void anAnalyzeDocumentIsNotARunReport() {
        String analyze = "{\"schema\":1,\"tool\":\"finack 0.1.0\",\"files\":[]}";
        JsonSchemas.ANALYZE.assertValid(analyze);
        assertTrue(!JsonSchemas.RUN.errors(analyze).isEmpty());
    }
}

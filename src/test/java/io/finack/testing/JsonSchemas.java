package io.finack.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JSON documents finack prints, held to their schemas in docs/schema/ (JSON Schema 2020-12,
 * through networknt's validator): a change to an output that breaks a consumer fails the test
 * that made the output. The schemas' relative {@code $ref}s to common.json resolve as files.
 */
public enum JsonSchemas {
    RUN("run.json"),
    ANALYZE("analyze.json"),
    MERGE("merge.json"),
    DOCTOR("doctor.json"),
    RACE("race.json"),
    RECONNECT_LOOP("reconnect-loop.json"),
    /** One line of {@code finack watch --json-lines}. */
    WATCH("watch.json");

    public static final Path FOLDER = Path.of("docs/schema");
    /** Loads only the files of docs/schema (by their file: IRIs), never from the network. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(JsonSchemas::read));
    private static final Map<JsonSchemas, Schema> LOADED = new ConcurrentHashMap<>();

    private final String file;

    JsonSchemas(String file) {
        this.file = file;
    }

    private static String read(String iri) {
        if (!iri.startsWith("file:")) {
            return null; // the dialect's meta-schemas, which the validator ships
        }
        Path file = Path.of(URI.create(iri));
        if (!file.startsWith(FOLDER.toAbsolutePath())) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return FOLDER.resolve(file);
    }

    /** The schema's complaints about {@code json}, one line each; empty when it is valid. */
    public List<String> errors(String json) {
        Schema schema = LOADED.computeIfAbsent(this,
                s -> REGISTRY.getSchema(SchemaLocation.of(s.path().toAbsolutePath().toUri().toString())));
        // "format" (date-time) is only an annotation in 2020-12 unless asserted, as it is here.
        return schema.validate(json, InputFormat.JSON, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)))
                .stream().map(Error::toString).toList();
    }

    /** Fails the calling test, naming every complaint, unless {@code json} is valid. */
    public void assertValid(String json) {
        List<String> errors = errors(json);
        if (!errors.isEmpty()) {
            String start = json.length() > 2000 ? json.substring(0, 2000) + "..." : json;
            fail(file + " rejects the document: " + String.join("; ", errors) + "\n" + start);
        }
    }
}

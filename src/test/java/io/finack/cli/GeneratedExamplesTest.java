package io.finack.cli;

import io.finack.testing.JsonSchemas;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docs cannot drift from the code: every generated example in README.md and docs/ is what
 * its command prints now, from the fixed inputs in docs/examples/ (run scripts/docs-examples to
 * rewrite them after a deliberate change); every recorded one starts with its own command.
 */
class GeneratedExamplesTest {
    @Test
    void everyGeneratedExampleIsWhatItsCommandPrints() throws IOException {
        int generated = 0;
        for (Path page : DocsExamples.pages()) {
            for (DocsExamples.Example e : DocsExamples.examples(page)) {
                if (e.generated()) {
                    generated++;
                    assertEquals(DocsExamples.generate(e.command()), e.block(),
                            page + ": '" + e.command() + "' prints something else now; run scripts/docs-examples");
                }
            }
        }
        assertTrue(generated >= 10, "the docs show at least ten generated examples, not " + generated);
    }

    @Test
    void everyRecordedExampleStartsWithItsCommand() throws IOException {
        for (Path page : DocsExamples.pages()) {
            for (DocsExamples.Example e : DocsExamples.examples(page)) {
                assertTrue(e.block().startsWith(e.expectedFirstLine() + "\n"), page + ": " + e.command());
                assertFalse(e.block().strip().equals(e.expectedFirstLine()), page + ": no output under " + e.command());
            }
        }
    }

    @Test
    void noPageShowsAFinackCommandOutsideAMarkedExample() throws IOException {
        // Output shown under a finack command must be a marked example, or it could drift unseen.
        List<String> unmarked = new ArrayList<>();
        for (Path page : DocsExamples.pages()) {
            DocsExamples.withoutExamples(page).lines()
                    .filter(l -> l.matches("\\s*\\$ (\\S+=\\S* )*(\\./)?finack( .*)?"))
                    .forEach(l -> unmarked.add(page + ": " + l.strip()));
        }
        assertEquals(List.of(), unmarked, "mark each with <!-- generated: ... --> or <!-- recorded: ... -->");
    }

    @Test
    void theExamplesReportsHoldToTheRunSchema() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("docs/examples"))) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().equals("report.json")).toList();
            assertFalse(reports.isEmpty());
            for (Path report : reports) {
                JsonSchemas.RUN.assertValid(Files.readString(report));
            }
        }
    }
}

package io.finack.script;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The language reference's example scripts are the ones the live tests run (pass/docs-*.pkt),
 * so the examples a reader copies are known to pass on the kernel.
 */
class DocsExamplesTest {
    @Test
    void theReferencesExamplesAreTheLiveTestsScripts() throws Exception {
        String doc = Files.readString(Path.of("docs/script-language.md"));
        Matcher m = Pattern.compile("```\n(// (?:The kernel connects; the harness accepts|A listener).*?)```", Pattern.DOTALL)
                .matcher(doc);
        List<String> examples = m.results().map(r -> r.group(1)).toList();
        Path pass = Path.of("src/test/resources/io/finack/script/pass");
        assertEquals(List.of(Files.readString(pass.resolve("docs-first-script.pkt")),
                Files.readString(pass.resolve("docs-stale-ack-server.pkt"))), examples);
    }
}

package io.finack.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The imports between finack's packages are the ones docs/architecture.md's table allows: the
 * table is read from the page (so the page cannot drift from the rule) and every main class is
 * checked against it with ArchUnit, on the compiled classes (so a fully qualified name counts too).
 */
class PackageImportsTest {
    private static final Path PAGE = Path.of("docs/architecture.md");
    private static final Path SOURCES = Path.of("src/main/java/io/finack");
    private static final String EVERY = "every package";
    /** A row of the table: | `package` | owns | may import |. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\| [^|]+ \\|\\s*([^|]*?)\\s*\\|$", Pattern.MULTILINE);

    private static Map<String, Set<String>> allowedImports() throws IOException {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(PAGE));
        while (m.find()) {
            String imports = m.group(2).trim();
            allowed.put(m.group(1), imports.isEmpty() ? Set.of()
                    : Arrays.stream(imports.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new)));
        }
        return allowed;
    }

    private static Set<String> packages() throws IOException {
        try (Stream<Path> listed = Files.list(SOURCES)) {
            return listed.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void thePagesTableNamesEveryPackageAndOnlyPackages() throws IOException {
        Map<String, Set<String>> allowed = allowedImports();
        Set<String> packages = packages();
        assertEquals(packages, new TreeSet<>(allowed.keySet()), "a row a package in " + PAGE);
        allowed.forEach((p, imports) -> imports.stream().filter(i -> !i.equals(EVERY)).forEach(i ->
                assertEquals(true, packages.contains(i), p + " may import '" + i + "', which is not a package")));
    }

    @Test
    void everyPackageImportsOnlyWhatThePageAllows() throws IOException {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.finack");
        Set<String> packages = packages();
        for (Map.Entry<String, Set<String>> row : allowedImports().entrySet()) {
            if (row.getValue().contains(EVERY)) {
                continue;
            }
            String[] forbidden = packages.stream()
                    .filter(p -> !p.equals(row.getKey()) && !row.getValue().contains(p))
                    .map(p -> "io.finack." + p + "..").toArray(String[]::new);
            if (forbidden.length > 0) {
                noClasses().that().resideInAPackage("io.finack." + row.getKey() + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                        .because(PAGE + " allows " + row.getKey() + " to import only " + row.getValue())
                        .check(classes);
            }
        }
    }
}

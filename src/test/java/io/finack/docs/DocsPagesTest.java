package io.finack.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md is a first contact that stays short and keeps its two commands; every relative link
 * of README.md and docs/*.md leads to a file (and a heading, when it names one) that exists;
 * every docs page is reachable from README.md.
 */
class DocsPagesTest {
    private static final Path README = Path.of("README.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]*)?\\)");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(Path page) throws IOException {
        return Files.readAllLines(page).stream().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    @Test
    void theReadmeIsShortAndKeepsItsTwoCommands() throws IOException {
        List<String> lines = Files.readAllLines(README);
        assertTrue(lines.size() <= 300, "README.md has " + lines.size() + " lines; the limit is 300: move the rest to docs/");
        String text = Files.readString(README);
        assertTrue(text.contains("```\n./finack run\n```"), "README.md's command that runs the suite");
        assertTrue(text.contains("```\nscripts/test\n```"), "README.md's command that runs the tests");
        assertTrue(Files.readString(Path.of(".ci/run")).contains("exec scripts/test"), ".ci/run runs README's test command");
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                Path file = target.isEmpty() ? page : page.resolveSibling(target).normalize();
                if (!Files.exists(file)) {
                    broken.add(page + ": " + m.group());
                } else if (m.group(2) != null && file.toString().endsWith(".md")
                        && !anchors(file).contains(m.group(2).substring(1))) {
                    broken.add(page + ": " + m.group() + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyDocsPageIsLinkedFromTheReadme() throws IOException {
        String readme = Files.readString(README);
        Set<String> unlinked = new TreeSet<>();
        for (Path page : pages()) {
            if (!page.equals(README) && !readme.contains("](" + page + ")") && !readme.contains("](" + page + "#")) {
                unlinked.add(page.toString());
            }
        }
        assertEquals(Set.of(), unlinked, "a page no link leads to from README.md");
    }
}

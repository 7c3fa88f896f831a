package io.finack.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The examples of output in README.md and docs/*.md, each a fenced block right after a comment
 * naming its command: {@code <!-- generated: finack ARGS -->} for output the code prints the
 * same on every machine from fixed inputs (docs/examples/), {@code <!-- recorded: COMMAND -->}
 * for a live run whose timings vary ({@code <!-- recorded by hand: COMMAND -->} for one that needs
 * more than its command, such as a second process, so is never run again here). A block's first line is {@code $ COMMAND}, then what it
 * printed (stdout, then stderr). {@code GeneratedExamplesTest} holds the generated blocks to
 * the code; {@link #main} (scripts/docs-examples) rewrites them, and with {@code --recorded}
 * runs the recorded commands again too (through ./finack, as root).
 */
public final class DocsExamples {
    /** The mark, its fence and block, all indented alike (a block may sit in a list item). */
    private static final Pattern EXAMPLE = Pattern.compile(
            "^([ \t]*)<!-- (generated|recorded|recorded by hand): ([^\n]+?) -->\n\\1```\n(.*?)^\\1```\n", Pattern.DOTALL | Pattern.MULTILINE);

    /** finack where a shell command line runs it: first, after a pipe or a semicolon, or after VAR=value. */
    static final String FINACK = "(^|[|;] *|\\S+=\\S* )finack ";

    /** One example: its kind, its command, and the block's text (its first line is the command). */
    record Example(Path page, boolean generated, String command, String block) {
        String expectedFirstLine() {
            return "$ " + command;
        }
    }

    private DocsExamples() {
    }

    /** README.md and every docs/*.md page, from the project's root. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<Example> examples(Path page) throws IOException {
        Matcher m = EXAMPLE.matcher(Files.readString(page));
        List<Example> found = new ArrayList<>();
        while (m.find()) {
            found.add(new Example(page, m.group(2).equals("generated"), m.group(3), dedent(m.group(4), m.group(1))));
        }
        return found;
    }

    private static String dedent(String block, String indent) {
        return block.lines().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
    }

    private static String indent(String block, String indent) {
        return block.lines().map(l -> (l.isEmpty() ? "" : indent) + l + "\n").collect(java.util.stream.Collectors.joining());
    }

    /** The page's text with every marked example taken out. */
    static String withoutExamples(Path page) throws IOException {
        return EXAMPLE.matcher(Files.readString(page)).replaceAll("");
    }

    /** What {@code finack ARGS} prints, in-process, as a block: the command, stdout, then stderr. */
    static String generate(String command) {
        if (!command.startsWith("finack ")) {
            throw new IllegalArgumentException("a generated example runs finack, not: " + command);
        }
        String[] args = command.substring("finack ".length()).trim().split("\\s+");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            new Main(o, e).execute(args);
        }
        return block(command, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    /** A recorded command run again through bash, with finack as ./finack. */
    private static String record(String command) {
        try {
            Process p = new ProcessBuilder("bash", "-c", command.replaceAll(FINACK, "$1./finack "))
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return block(command, printed);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String block(String command, String printed) {
        return "$ " + command + "\n" + printed + (printed.isEmpty() || printed.endsWith("\n") ? "" : "\n");
    }

    /** The page with each example's block replaced by what {@code fresh} makes of its command. */
    static String rewrite(Path page, boolean recordedToo) throws IOException {
        Matcher m = EXAMPLE.matcher(Files.readString(page));
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            String indent = m.group(1);
            boolean generated = m.group(2).equals("generated");
            Function<String, String> fresh = generated ? DocsExamples::generate : DocsExamples::record;
            boolean again = generated || recordedToo && m.group(2).equals("recorded");
            String block = again ? indent(fresh.apply(m.group(3)), indent) : m.group(4);
            m.appendReplacement(s, Matcher.quoteReplacement(indent + "<!-- " + m.group(2) + ": " + m.group(3) + " -->\n"
                    + indent + "```\n" + block + indent + "```\n"));
        }
        m.appendTail(s);
        return s.toString();
    }

    /** scripts/docs-examples: rewrites every generated example (and with --recorded the recorded ones). */
    public static void main(String[] args) throws IOException {
        boolean recorded = List.of(args).contains("--recorded");
        for (Path page : pages()) {
            String now = rewrite(page, recorded);
            if (!now.equals(Files.readString(page))) {
                Files.writeString(page, now);
                System.out.println("rewrote " + page);
            }
        }
    }
}

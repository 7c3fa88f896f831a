package io.finack.report;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A suite's runs (one a script and variant) as the summary line, as KTAP (what kselftest
 * prints: {@code ok N NAME}, the error as {@code #} lines, the totals) and as JUnit XML, the
 * format CI servers read (one testsuite, one testcase a run, a failure element with the error).
 */
public final class SuiteReport {
    private SuiteReport() {
    }

    /** One run: script path as given, variant, and its error (empty: it passed), wall time in seconds. */
    public record Run(String script, String variant, Optional<String> error, double seconds) {
        public boolean passed() {
            return error.isEmpty();
        }

        public String name() {
            return script + " (" + variant + ")";
        }
    }

    /** "N runs: P passed, F failed (S s)". */
    public static String summary(List<Run> runs, double seconds) {
        long passed = runs.stream().filter(Run::passed).count();
        return String.format(Locale.ROOT, "%d runs: %d passed, %d failed (%.1f s)", runs.size(), passed,
                runs.size() - passed, seconds);
    }

    /** KTAP version 1 as kselftest prints it. */
    public static String ktap(List<Run> runs) {
        StringBuilder s = new StringBuilder("TAP version 13\n1..").append(runs.size()).append('\n');
        int n = 0;
        for (Run r : runs) {
            n++;
            s.append(r.passed() ? "ok " : "not ok ").append(n).append(' ').append(r.name()).append('\n');
            r.error().ifPresent(e -> e.lines().forEach(line -> s.append("# ").append(line).append('\n')));
        }
        long passed = runs.stream().filter(Run::passed).count();
        s.append("# Totals: pass:").append(passed).append(" fail:").append(runs.size() - passed)
                .append(" xfail:0 xpass:0 skip:0 error:0\n");
        return s.toString();
    }

    /** JUnit XML: testsuite "finack packetdrill", a testcase a run (classname the script, name the variant). */
    public static void writeJunit(Path file, List<Run> runs, double seconds) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "finack packetdrill");
            x.writeAttribute("tests", Integer.toString(runs.size()));
            x.writeAttribute("failures", Long.toString(runs.stream().filter(r -> !r.passed()).count()));
            x.writeAttribute("errors", "0");
            x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
            x.writeCharacters("\n");
            for (Run r : runs) {
                x.writeCharacters("  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", r.script());
                x.writeAttribute("name", r.variant());
                x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", r.seconds()));
                if (r.error().isPresent()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", r.error().get().lines().findFirst().orElse(""));
                    x.writeCharacters(r.error().get());
                    x.writeEndElement();
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

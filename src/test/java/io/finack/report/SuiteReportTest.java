package io.finack.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A suite's results as KTAP and JUnit XML. */
class SuiteReportTest {
    private static final List<SuiteReport.Run> RUNS = List.of(
            new SuiteReport.Run("close/a.pkt", "ipv4", Optional.empty(), 0.25),
            new SuiteReport.Run("close/b.pkt", "ipv6", Optional.of("close/b.pkt:7: error: <oops> & \"more\"\n  detail"), 1.5));

    @Test
    void ktapIsWhatKselftestPrints() {
        assertEquals("""
                TAP version 13
                1..2
                ok 1 close/a.pkt (ipv4)
                not ok 2 close/b.pkt (ipv6)
                # close/b.pkt:7: error: <oops> & "more"
                #   detail
                # Totals: pass:1 fail:1 xfail:0 xpass:0 skip:0 error:0
                """, SuiteReport.ktap(RUNS));
        assertEquals("2 runs: 1 passed, 1 failed (3.0 s)", SuiteReport.summary(RUNS, 3.04));
    }

    @Test
    void junitHasATestcaseARunAndTheFailureEscaped(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("j.xml");
        SuiteReport.writeJunit(file, RUNS, 1.75);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = d.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        Element second = (Element) suite.getElementsByTagName("testcase").item(1);
        assertEquals("close/b.pkt", second.getAttribute("classname"));
        assertEquals("ipv6", second.getAttribute("name"));
        Element failure = (Element) second.getElementsByTagName("failure").item(0);
        assertEquals("close/b.pkt:7: error: <oops> & \"more\"", failure.getAttribute("message"));
        assertEquals("close/b.pkt:7: error: <oops> & \"more\"\n  detail", failure.getTextContent());
        assertEquals(0, ((Element) suite.getElementsByTagName("testcase").item(0)).getElementsByTagName("failure").getLength());
    }
}

package io.finack.cli;

import io.finack.script.BuiltinScripts;
import io.finack.ladder.LadderText;
import io.finack.ladder.Ladders;
import io.finack.ladder.Palette;
import io.finack.tcp.Endpoint;
import io.finack.testing.BuiltinTraces;
import io.finack.wire.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ladder options of show, analyze and run as the command line takes them (stdout is no terminal here). */
class LadderOptionsTest {
    @Test
    void showLadderDrawsThePlanAfterTheScript() {
        CliOutcome o = CliOutcome.of("show", "syn-retry", "--ladder");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        String script = BuiltinScripts.text("syn-retry").orElseThrow();
        String ladder = new LadderText(Palette.PLAIN).render(Ladders.ofPlan(BuiltinScripts.named("syn-retry").orElseThrow().plan(Endpoint.Family.IPV4)));
        assertTrue(o.out().endsWith(script + "\n" + ladder), o.out());
        assertFalse(o.out().contains("\033"), "no colour into a pipe");
    }

    @Test
    void analyzeLadderDrawsEachFindingBelowItsLine(@TempDir Path folder) throws Exception {
        Path pcap = folder.resolve("syn-retry.pcap");
        PcapWriter.writeAll(pcap, BuiltinTraces.synRetryFrames());
        CliOutcome o = CliOutcome.of("analyze", "--ladder", pcap.toString());
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        String ladder = new LadderText(Palette.PLAIN).render(Ladders.ofFinding(BuiltinTraces.synRetry().finding().orElseThrow()));
        assertTrue(o.out().contains("frames syn 1, stale ack 2, rst 3, retry 4") && o.out().endsWith("\n" + ladder), o.out());
    }

    @Test
    void runHtmlIntoAFolderThatIsNotThereFailsBeforeAnyExperiment(@TempDir Path folder) {
        Path page = folder.resolve("missing").resolve("report.html");
        CliOutcome o = CliOutcome.of("run", "syn-retry", "--no-pcap", "--html", page.toString());
        assertEquals(ExitStatus.USAGE, o.status(), o.toString());
        assertEquals("finack: cannot write the HTML report " + page + ": no folder " + page.getParent() + "\n", o.err());
    }
}

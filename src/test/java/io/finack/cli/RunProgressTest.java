package io.finack.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunProgressTest {
    @Test
    void countsEveryRunAndNamesTheLast() {
        List<String> drawn = new ArrayList<>();
        try (RunProgress progress = RunProgress.drawnTo(3, new DelegatingProgressBarConsumer(drawn::add, 100))) {
            progress.step("syn-retry ipv4", 0);
            progress.step("syn-retry ipv6", 0);
            progress.step("finwait2-stale-ack ipv4", 0);
            assertEquals(3, progress.current());
        }
        String last = drawn.get(drawn.size() - 1);
        assertTrue(last.startsWith("finack run"), last);
        assertTrue(last.contains("3/3"), last);
        assertTrue(last.contains("finwait2-stale-ack ipv4"), last);
    }

    @Test
    void countsEachJobsRunsOfTheCurrentExperiment() {
        List<String> drawn = new ArrayList<>();
        try (RunProgress progress = RunProgress.drawnTo(6, new DelegatingProgressBarConsumer(drawn::add, 100))) {
            progress.step("syn-retry ipv4", 0);
            progress.step("syn-retry ipv4", 1);
            progress.step("syn-retry ipv4", 1);
            progress.step("finwait2-stale-ack ipv4", 1);
            progress.step("finwait2-stale-ack ipv4", 1);
            assertEquals(5, progress.current());
        }
        String last = drawn.get(drawn.size() - 1);
        assertTrue(last.contains("jobs 0/2 finwait2-stale-ack ipv4"), last);
    }

    @Test
    void drawsNothingOutsideATerminal() {
        // Surefire's forked JVM has no console, as a pipe or a CI log has none.
        try (RunProgress progress = RunProgress.forTerminal(5)) {
            progress.step("syn-retry ipv4", 0);
            assertEquals(0, progress.current());
        }
    }
}

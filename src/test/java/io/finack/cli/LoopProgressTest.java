package io.finack.cli;

import io.finack.loop.LoopSpec;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopProgressTest {
    @Test
    void countsConnectionsTowardsTheirNumber() {
        List<String> drawn = new ArrayList<>();
        try (LoopProgress p = LoopProgress.drawnTo(new LoopSpec.Limit.Connections(10), "ipv4",
                new DelegatingProgressBarConsumer(drawn::add, 100))) {
            p.update(4, 1_000_000);
            p.update(10, 2_000_000);
            assertEquals(10, p.current());
        }
        String last = drawn.get(drawn.size() - 1);
        assertTrue(last.startsWith("reconnect-loop ipv4") && last.contains("10/10"), last);
    }

    @Test
    void countsSecondsTowardsTheDurationAndSaysHowManyConnections() {
        List<String> drawn = new ArrayList<>();
        try (LoopProgress p = LoopProgress.drawnTo(new LoopSpec.Limit.Lasting(Duration.ofSeconds(30)), "ipv6",
                new DelegatingProgressBarConsumer(drawn::add, 100))) {
            p.update(2500, 12_300_000_000L);
            assertEquals(12, p.current());
            p.update(7000, 31_000_000_000L);
            assertEquals(30, p.current(), "never past the duration");
        }
        String last = drawn.get(drawn.size() - 1);
        assertTrue(last.contains("30/30") && last.contains("7000 connections"), last);
    }

    @Test
    void drawsNothingOutsideATerminal() {
        try (LoopProgress p = LoopProgress.forTerminal(new LoopSpec.Limit.Connections(10), "ipv4")) {
            p.update(5, 1);
            assertEquals(0, p.current());
        }
    }
}

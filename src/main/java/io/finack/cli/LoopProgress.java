package io.finack.cli;

import io.finack.loop.LoopSpec;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarConsumer;

import java.util.Optional;

/**
 * A progress bar on stderr for a reconnect loop, drawn only on a terminal: in connections for
 * {@code --connections}, in seconds for {@code --duration}, with the connections made so far.
 */
final class LoopProgress implements AutoCloseable {
    private final Optional<ProgressBar> bar;
    private final boolean inSeconds;

    private LoopProgress(Optional<ProgressBar> bar, boolean inSeconds) {
        this.bar = bar;
        this.inSeconds = inSeconds;
    }

    static LoopProgress forTerminal(LoopSpec.Limit limit, String family) {
        return System.console() == null ? new LoopProgress(Optional.empty(), false)
                : drawnTo(limit, family, new ConsoleProgressBarConsumer(System.err));
    }

    static LoopProgress drawnTo(LoopSpec.Limit limit, String family, ProgressBarConsumer consumer) {
        String task = "reconnect-loop " + family;
        if (limit instanceof LoopSpec.Limit.Lasting d) {
            return new LoopProgress(Optional.of(RunProgress.bar(task, d.duration().toSeconds(), " s", consumer)), true);
        }
        long count = ((LoopSpec.Limit.Connections) limit).count();
        return new LoopProgress(Optional.of(RunProgress.bar(task, count, " connections", consumer)), false);
    }

    void update(long connections, long elapsedNanos) {
        bar.ifPresent(b -> {
            b.stepTo(inSeconds ? Math.min(b.getMax(), elapsedNanos / 1_000_000_000L) : connections);
            if (inSeconds) {
                b.setExtraMessage(connections + " connections");
            }
        });
    }

    long current() {
        return bar.map(ProgressBar::getCurrent).orElse(0L);
    }

    @Override
    public void close() {
        bar.ifPresent(ProgressBar::close);
    }
}

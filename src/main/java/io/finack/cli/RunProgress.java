package io.finack.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A progress bar on stderr for runs of several experiments, so that a long `--repeat` is not
 * silent; drawn only on a terminal, never into a pipe or a CI log, and never on stdout, which
 * belongs to the report.
 */
final class RunProgress implements AutoCloseable {
    private final Optional<ProgressBar> bar;
    /** Runs done by each job (from 0) of the experiment {@code counted}. */
    private int[] perJob = new int[1];
    private String counted = "";

    private RunProgress(Optional<ProgressBar> bar) {
        this.bar = bar;
    }

    /** A bar over {@code runs} experiment runs when there are several and stderr is a terminal. */
    static RunProgress forTerminal(int runs) {
        boolean terminal = System.console() != null;
        return runs > 1 && terminal ? drawnTo(runs, new ConsoleProgressBarConsumer(System.err)) : new RunProgress(Optional.empty());
    }

    static RunProgress drawnTo(int runs, ProgressBarConsumer consumer) {
        return new RunProgress(Optional.of(bar("finack run", runs, " experiments", consumer)));
    }

    /** finack's style of bar: ASCII (any terminal draws it), redrawn four times a second. */
    static ProgressBar bar(String task, long max, String unit, ProgressBarConsumer consumer) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(consumer)
                .setUpdateIntervalMillis(250)
                .build();
    }

    /** One run done, by job {@code job} (from 0); with several jobs, the message counts each one's runs. */
    synchronized void step(String experiment, int job) {
        if (!experiment.equals(counted)) {
            counted = experiment;
            perJob = new int[1];
        }
        if (job >= perJob.length) {
            perJob = Arrays.copyOf(perJob, job + 1);
        }
        perJob[job]++;
        // The counts first: a narrow terminal cuts the end of the line.
        String message = perJob.length == 1 ? experiment : "jobs " + Arrays.stream(perJob)
                .mapToObj(Integer::toString).collect(Collectors.joining("/")) + " " + experiment;
        bar.ifPresent(b -> b.step().setExtraMessage(message));
    }

    /** Moves the bar to {@code done} runs (a loop that reports in batches). */
    void stepTo(long done, String label) {
        bar.ifPresent(b -> b.stepTo(done).setExtraMessage(label));
    }

    long current() {
        return bar.map(ProgressBar::getCurrent).orElse(0L);
    }

    @Override
    public void close() {
        bar.ifPresent(ProgressBar::close);
    }
}

package io.finack.cli;

import io.finack.experiment.BuiltinExperiments;
import io.finack.experiment.Experiment;
import io.finack.loop.ReconnectLoop;
import io.finack.race.RaceExperiment;

import java.util.List;
import java.util.stream.Collectors;

/** Looks experiments up by the names users type. */
final class Experiments {
    private Experiments() {
    }

    static Experiment named(String name) throws CliException {
        for (String own : List.of(RaceExperiment.NAME, ReconnectLoop.NAME)) {
            if (name.equals(own)) {
                throw new CliException(ExitStatus.USAGE, own + " runs on its own, as the first name: finack run " + own
                        + " [OPTIONS] (see finack run " + own + " --help)");
            }
        }
        return BuiltinExperiments.named(name).orElseThrow(() -> new CliException(ExitStatus.USAGE,
                "unknown experiment '" + name + "'; known: "
                        + BuiltinExperiments.ALL.stream().map(Experiment::name).collect(Collectors.joining(", "))));
    }
}

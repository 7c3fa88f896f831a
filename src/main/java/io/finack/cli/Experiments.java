package io.finack.cli;

import io.finack.experiment.BuiltinExperiments;
import io.finack.experiment.Experiment;
import io.finack.race.RaceExperiment;

import java.util.stream.Collectors;

/** Looks experiments up by the names users type. */
final class Experiments {
    private Experiments() {
    }

    static Experiment named(String name) throws CliException {
        if (name.equals(RaceExperiment.NAME)) {
            throw new CliException(ExitStatus.USAGE, "race runs on its own, as the first name: finack run race [OPTIONS] "
                    + "(see finack run race --help)");
        }
        return BuiltinExperiments.named(name).orElseThrow(() -> new CliException(ExitStatus.USAGE,
                "unknown experiment '" + name + "'; known: "
                        + BuiltinExperiments.ALL.stream().map(Experiment::name).collect(Collectors.joining(", "))));
    }
}

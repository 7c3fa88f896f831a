package io.finack.cli;

import io.finack.experiment.Experiment;
import io.finack.experiment.Step;
import io.finack.python.PythonInterpreter;
import io.finack.tcp.Endpoint;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Refuses to start experiments where doctor's checks that can fail find a gap, with doctor's reason in one line. */
final class Preflight {
    private Preflight() {
    }

    /** Checks that are needed only to make fresh namespaces; {@code --netns current} runs without them. */
    private static final Set<String> FRESH_NAMESPACE_ONLY = Set.of("CAP_SYS_ADMIN", "netns");

    /**
     * Scripts with python blocks need a Python 3 interpreter: without one, nothing runs, and the
     * first such block's line says why.
     */
    static void requirePython(List<Experiment> experiments, Endpoint.Family family) throws CliException {
        for (Experiment e : experiments) {
            Optional<Step.Python> block = e.plan(family).steps().stream()
                    .filter(Step.Python.class::isInstance).map(Step.Python.class::cast).findFirst();
            if (block.isPresent()) {
                try {
                    PythonInterpreter.locate();
                } catch (PythonInterpreter.MissingException missing) {
                    throw new CliException(ExitStatus.ENVIRONMENT, block.get().block().where() + ": " + missing.getMessage());
                }
            }
        }
    }

    static void require(boolean freshNamespaces) throws CliException {
        List<Doctor.Check> failed = Doctor.requirements().stream()
                .filter(c -> c.status() == Doctor.Status.FAIL)
                .filter(c -> freshNamespaces || !FRESH_NAMESPACE_ONLY.contains(c.name()))
                .toList();
        if (!failed.isEmpty()) {
            Doctor.Check first = failed.get(0);
            String others = failed.size() == 1 ? "" : " (and " + failed.stream().skip(1).map(Doctor.Check::name)
                    .collect(Collectors.joining(", ")) + "; see finack doctor)";
            throw new CliException(ExitStatus.ENVIRONMENT, "cannot run experiments: " + first.name() + ": "
                    + first.detail() + (first.fix() == null ? "" : "; fix: " + first.fix()) + others);
        }
    }
}

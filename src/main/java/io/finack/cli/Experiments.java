package io.finack.cli;

import io.finack.experiment.Experiment;
import io.finack.loop.ReconnectLoop;
import io.finack.race.RaceExperiment;
import io.finack.script.BuiltinScripts;
import io.finack.script.ScriptExperiment;
import io.finack.script.ScriptParseException;
import io.finack.script.Translator;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import java.util.List;
import java.util.stream.Collectors;

/** Looks experiments up by what users type: a built-in's name, or a script file. */
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
        return builtins().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new CliException(ExitStatus.USAGE, "unknown experiment '" + name + "'; known: "
                        + builtins().stream().map(Experiment::name).collect(Collectors.joining(", "))
                        + " (or a script FILE.pkt)"));
    }

    /** The built-in suite in order: the path experiments, then the close-order ones, all shipped scripts. */
    static List<Experiment> builtins() {
        return BuiltinScripts.ALL;
    }

    /** True when the argument names a script file rather than a built-in: it ends in .pkt or has a slash. */
    static boolean isScriptFile(String argument) {
        return argument.endsWith(".pkt") || argument.contains("/");
    }

    /** A script file; a missing, unreadable or malformed one is a usage error naming FILE:LINE:COLUMN. */
    static Experiment script(String file, Translator.Overrides overrides) throws CliException {
        Path path = Path.of(file);
        try {
            return ScriptExperiment.fromFile(path, overrides);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitStatus.USAGE, file + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CliException(ExitStatus.USAGE, file + ": not a UTF-8 text file");
        } catch (IOException e) {
            throw new CliException(ExitStatus.USAGE, file + ": cannot read: " + e.getMessage());
        } catch (ScriptParseException e) {
            throw new CliException(ExitStatus.USAGE, file + ":" + e.getMessage());
        }
    }
}

package io.finack.script;

import io.finack.experiment.Expectation;
import io.finack.experiment.Experiment;
import io.finack.experiment.Plan;
import io.finack.tcp.Endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * An experiment written as a script: a user's {@code .pkt} file or one shipped in the jar.
 * The script is parsed and translated for both families when loaded, so that every error is
 * found before anything runs.
 */
public final class ScriptExperiment {
    /** Where the built-in scripts live in the jar. */
    public static final String RESOURCE_FOLDER = "/io/finack/experiments/";

    private ScriptExperiment() {
    }

    /** A script file; its name without {@code .pkt} names the experiment. */
    public static Experiment fromFile(Path file, Translator.Overrides overrides) throws IOException, ScriptParseException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().replaceFirst("\\.pkt$", "");
        Path directory = file.toAbsolutePath().getParent();
        return of(name, text, overrides, directory);
    }

    /**
     * A script as packetdrill runs it under {@code invocation} (its options and defines): on
     * tun0, in the variant of its {@code --ip_version}. The experiment's plan is that variant's,
     * whatever family is asked for.
     */
    public static Experiment packetdrill(Path file, Invocation invocation) throws IOException, ScriptParseException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().replaceFirst("\\.pkt$", "");
        Script script = Parser.parse(name, text, invocation);
        Plan plan = Translator.packetdrillPlan(script, file.toAbsolutePath().getParent());
        return experiment(name, text, script, family -> plan);
    }

    /** A built-in script shipped in the jar, or empty when there is none of that name. */
    public static Optional<String> builtinText(String name) {
        try (InputStream in = ScriptExperiment.class.getResourceAsStream(RESOURCE_FOLDER + name + ".pkt")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in script " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * An experiment from a script's text. Its summary is the script's first comment line, its
     * description the comment lines up to the first event, its expectation the {@code @expect}
     * header's close order, or else the last {@code @verdict} line's verdict.
     */
    public static Experiment of(String name, String text, Translator.Overrides overrides, Path directory)
            throws ScriptParseException {
        Script script = Parser.parse(name, text);
        Map<Endpoint.Family, Plan> plans = new EnumMap<>(Endpoint.Family.class);
        for (Endpoint.Family family : Endpoint.Family.values()) {
            plans.put(family, Translator.plan(script, family, overrides, directory));
        }
        return experiment(name, text, script, plans::get);
    }

    private static Experiment experiment(String name, String text, Script script,
                                         java.util.function.Function<Endpoint.Family, Plan> plans) {
        String description = leadingComment(text);
        String summary = description.isEmpty() ? "script " + name + ".pkt" : description.lines().findFirst().orElse("");
        return new Experiment(name, summary, description, expectation(script), plans);
    }

    private static Expectation expectation(Script script) {
        return script.closeOrder().map(c -> (Expectation) c).orElseGet(() -> script.events().stream()
                .map(Event::action).filter(a -> a instanceof Action.PathVerdict)
                .map(a -> (Expectation) new Expectation.Path(((Action.PathVerdict) a).verdict()))
                .reduce((first, second) -> second).orElse(new Expectation.ScriptLines()));
    }

    /** The {@code //} comment lines at the top of a script, without their slashes. */
    static String leadingComment(String text) {
        StringBuilder s = new StringBuilder();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("//")) {
                break;
            }
            s.append(trimmed.substring(2).strip()).append('\n');
        }
        return s.toString().strip();
    }
}

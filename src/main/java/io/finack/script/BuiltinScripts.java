package io.finack.script;

import io.finack.experiment.Experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The experiments finack ships, each a script in the jar ({@code io/finack/experiments/NAME.pkt}):
 * the stale-ACK path of the FIN/ACK latency spike, from both sides, and the close orders (the
 * kernel closes first, the peer answers in one order or another, judged on the states and the
 * reconnecting SYN's answer). They run as any user's script does, so the product exercises the
 * language.
 */
public final class BuiltinScripts {
    /** In the order the suite runs them. */
    public static final List<String> NAMES = List.of("syn-retry", "syn-retry-after-retransmit", "finwait2-stale-ack",
            "in-order-close", "fin-ack-reorder", "rst-ack-lost");

    public static final List<Experiment> ALL = load();

    private BuiltinScripts() {
    }

    public static Optional<Experiment> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The script as shipped, for {@code finack show}. */
    public static Optional<String> text(String name) {
        return NAMES.contains(name) ? ScriptExperiment.builtinText(name) : Optional.empty();
    }

    private static List<Experiment> load() {
        List<Experiment> experiments = new ArrayList<>();
        for (String name : NAMES) {
            String text = ScriptExperiment.builtinText(name)
                    .orElseThrow(() -> new IllegalStateException("the jar has no built-in script " + name));
            try {
                // Built-ins run no commands, so their folder is only a formality.
                experiments.add(ScriptExperiment.of(name, text, Translator.Overrides.NONE, Path.of(".")));
            } catch (ScriptParseException e) {
                throw new IllegalStateException("built-in script " + name + ".pkt:" + e.getMessage(), e);
            }
        }
        return List.copyOf(experiments);
    }
}

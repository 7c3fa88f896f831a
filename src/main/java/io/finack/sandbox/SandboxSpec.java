package io.finack.sandbox;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a {@link Sandbox} is made of.
 *
 * @param mode      a fresh namespace, or the caller's own ({@code --netns current})
 * @param name      names the namespace's thread and appears in messages
 * @param fakePorts the harness's fake endpoints' ports, whose kernel answers are dropped
 * @param loMtu     an MTU for lo; only in a fresh namespace, since finack does not change
 *                  the caller's lo
 */
public record SandboxSpec(Mode mode, String name, Set<Integer> fakePorts, OptionalInt loMtu) {

    /** Where the experiment runs. */
    public enum Mode {
        /** A new network namespace, which dies with the sandbox. */
        FRESH,
        /** The caller's own network namespace, for a container that already has one. */
        CURRENT
    }

    public SandboxSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loMtu, "loMtu");
        fakePorts = Set.copyOf(fakePorts);
        fakePorts.forEach(GuardTable::checkPort);
        if (mode == Mode.CURRENT && loMtu.isPresent()) {
            throw new IllegalArgumentException("a lo MTU needs a fresh namespace: finack does not change the caller's lo");
        }
    }
}

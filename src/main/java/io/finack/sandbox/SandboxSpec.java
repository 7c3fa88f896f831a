package io.finack.sandbox;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a {@link Sandbox} is made of.
 *
 * @param mode      a fresh namespace, or the caller's own ({@code --netns current})
 * @param name      names the namespace's thread and appears in messages
 * @param fakePorts the harness's fake endpoints' ports, whose kernel answers are dropped
 * @param loMtu     an MTU for lo, 68 to 65536 (lo's default); only in a fresh namespace, since
 *                  finack does not change the caller's lo. Below 1280 the kernel removes IPv6
 *                  from lo, so ::1 is gone
 * @param tun0      packetdrill's device for a script's traffic (see {@link Tun0}), only in a fresh namespace
 */
public record SandboxSpec(Mode mode, String name, Set<Integer> fakePorts, OptionalInt loMtu, Optional<Tun0Spec> tun0) {
    /** Below it the kernel silently removes IPv4 from lo, addresses and sysctls included. */
    private static final int MIN_MTU = 68;
    private static final int MAX_MTU = 65536;

    /** A sandbox on lo, as the built-in experiments run. */
    public SandboxSpec(Mode mode, String name, Set<Integer> fakePorts, OptionalInt loMtu) {
        this(mode, name, fakePorts, loMtu, Optional.empty());
    }

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
        loMtu.ifPresent(mtu -> {
            if (mtu < MIN_MTU || mtu > MAX_MTU) {
                throw new IllegalArgumentException("lo MTU " + mtu + " is outside " + MIN_MTU + " to " + MAX_MTU
                        + " (below " + MIN_MTU + " lo has no IPv4)");
            }
        });
        Objects.requireNonNull(tun0, "tun0");
        if (mode == Mode.CURRENT && tun0.isPresent()) {
            throw new IllegalArgumentException("tun0 needs a fresh namespace: finack adds no device to the caller's");
        }
        if (mode == Mode.CURRENT && loMtu.isPresent()) {
            throw new IllegalArgumentException("a lo MTU needs a fresh namespace: finack does not change the caller's lo");
        }
    }
}

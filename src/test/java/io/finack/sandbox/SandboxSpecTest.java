package io.finack.sandbox;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SandboxSpecTest {

    @Test
    void keepsItsOwnCopyOfThePorts() {
        Set<Integer> ports = new HashSet<>(Set.of(40000));
        SandboxSpec spec = new SandboxSpec(SandboxSpec.Mode.FRESH, "t", ports, OptionalInt.of(1500));
        ports.add(40001);
        assertEquals(Set.of(40000), spec.fakePorts());
        assertThrows(UnsupportedOperationException.class, () -> spec.fakePorts().add(1));
    }

    @Test
    void rejectsAPortOutsideTcpsRange() {
        assertThrows(IllegalArgumentException.class,
                () -> new SandboxSpec(SandboxSpec.Mode.FRESH, "t", Set.of(70000), OptionalInt.empty()));
    }

    @Test
    void rejectsAnMtuThatWouldRemoveIpv4FromLo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SandboxSpec(SandboxSpec.Mode.FRESH, "t", Set.of(), OptionalInt.of(67)));
        assertEquals("lo MTU 67 is outside 68 to 65536 (below 68 lo has no IPv4)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SandboxSpec(SandboxSpec.Mode.FRESH, "t", Set.of(), OptionalInt.of(65537)));
    }

    @Test
    void leavesTheCallersLoMtuAlone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SandboxSpec(SandboxSpec.Mode.CURRENT, "t", Set.of(), OptionalInt.of(1500)));
        assertEquals("a lo MTU needs a fresh namespace: finack does not change the caller's lo", e.getMessage());
    }
}

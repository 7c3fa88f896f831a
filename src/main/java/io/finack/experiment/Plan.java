package io.finack.experiment;

import io.finack.tcp.Endpoint;

import java.util.List;

/**
 * An experiment made concrete for one address family: the kernel's endpoint, the harness's
 * (fake) endpoint, and the ordered steps between them.
 */
public record Plan(String name, Endpoint kernel, Endpoint harness, List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
        if (!kernel.loopback() || !harness.loopback()) {
            throw new IllegalArgumentException("finack only sends on loopback addresses: " + kernel + ", " + harness);
        }
        if (kernel.ipv6() != harness.ipv6()) {
            throw new IllegalArgumentException("kernel and harness endpoints differ in family");
        }
    }

    public Endpoint.Family family() {
        return kernel.family();
    }

    /** The plan as packetdrill-like lines, one step a line. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("// ").append(name).append(": kernel ").append(kernel).append(", harness ").append(harness).append('\n');
        for (Step step : steps) {
            s.append(step).append('\n');
        }
        return s.toString();
    }
}

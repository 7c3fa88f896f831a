package io.finack.experiment;

import io.finack.tcp.Endpoint;

import java.util.function.Function;

/**
 * A named experiment: what it shows, what a correct kernel does, and how to lay out its plan
 * for an address family.
 */
public record Experiment(String name, String summary, String description, Expectation expected,
                         Function<Endpoint.Family, Plan> planner) {
    public Plan plan(Endpoint.Family family) {
        return planner.apply(family);
    }
}

/**
 * Experiments and how they run. A {@link io.finack.experiment.Plan} is an ordered list of {@link
 * io.finack.experiment.Step}s (system call, inject, expect, pause, socket state checked or only
 * observed), numbered as packetdrill numbers segments; {@link io.finack.experiment.PlanRunner}
 * walks it inside a sandbox, {@link io.finack.experiment.ExperimentRunner} adds the pcap, the
 * path verdict and the reconnecting SYN's answer, and judges the run by the experiment's
 * {@link io.finack.experiment.Expectation}: a path verdict (the kernel connects), or the
 * observed states and the reconnect's answer (the kernel closes first).
 * Data flows one way: plan, runner, trace (the captured frames), analysis, result.
 */
package io.finack.experiment;

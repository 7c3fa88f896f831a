/**
 * Experiments and how they run. A {@link io.finack.experiment.Plan} is an ordered list of {@link
 * io.finack.experiment.Step}s (system call, inject, expect, pause, socket state), numbered as
 * packetdrill numbers segments; {@link io.finack.experiment.PlanRunner} walks it inside a
 * sandbox, {@link io.finack.experiment.ExperimentRunner} adds the pcap and the path verdict.
 * Data flows one way: plan, runner, trace (the captured frames), analysis, result.
 */
package io.finack.experiment;

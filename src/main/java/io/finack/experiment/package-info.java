/**
 * Experiments and how they run. A {@link io.finack.experiment.Plan} is an ordered list of {@link
 * io.finack.experiment.Step}s (system call with its expected result, one of {@code io.finack.syscall}'s, inject,
 * expect, shell command, socket state checked or only observed, path verdict, python block), numbered as packetdrill numbers
 * segments, and for a script a {@link io.finack.experiment.Timeline}: each step's time and
 * script line. {@link io.finack.experiment.PlanRunner} walks it inside a sandbox on
 * packetdrill's clock ({@link io.finack.experiment.ScriptClock}), blocking calls on a thread of
 * their own ({@link io.finack.experiment.SyscallThread}), python blocks read packetdrill's socket under test
 * at their line and run once the last step is done ({@code PythonBlocks}, {@code SocketUnderTest}),
 * {@link io.finack.experiment.ExperimentRunner} adds the pcap, the
 * path verdict and the reconnecting SYN's answer, and judges the run by the experiment's
 * {@link io.finack.experiment.Expectation}: a path verdict (the kernel connects), or the
 * observed states and the reconnect's answer (the kernel closes first).
 * Repetitions run in jobs: each job keeps one sandbox and one capture of its lo
 * ({@code JobSandbox}) for many repetitions, each on the plan's ports moved by an offset of its
 * own ({@link io.finack.experiment.Plan#shifted}), and a {@code FlowRouter} hands every
 * captured frame to the repetition whose connection it belongs to. Before a job's first plan,
 * {@code ReplyRehearsal} runs the capture thread's reply path on real frames that lo's IP
 * never receives, so that the first experiment of a process reacts as fast as a later one.
 * Each result also carries the kernel's own account ({@link io.finack.kernel.KernelAccount}):
 * the namespace's counter deltas, and from {@link io.finack.experiment.DropTrace} (a tracefs
 * instance read after each run) the drop reason of each injected segment and why each RST was sent.
 * Data flows one way: plan, runner, trace (the captured frames), analysis, result.
 */
package io.finack.experiment;

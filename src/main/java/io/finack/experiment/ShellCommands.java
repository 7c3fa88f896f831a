package io.finack.experiment;

import io.finack.kernel.ProcessGroups;
import io.finack.sandbox.CleanupRegistry;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A script's backtick lines: {@code sh -c COMMAND} from the script's folder, each of which
 * must exit 0. The child starts in the network namespace of the calling thread, so the plan's
 * walk runs it from the namespace's thread. Each runs in a session of its own, so that what it
 * leaves running in the background is found and killed when the plan ends ({@link #close}),
 * or, when finack itself is ended by a signal first, by the JVM-wide cleanup at exit: nothing
 * a script starts outlives the run.
 */
final class ShellCommands implements AutoCloseable {
    private static final long LIMIT_SECONDS = 30;
    /**
     * packetdrill's PACKETDRILL_PID: its own pid, which is also each command's shell's parent
     * ({@code $PPID}), so that a script's {@code /tmp/sysctl_restore_${PPID}.sh} names the file
     * its set_sysctls.py wrote under PACKETDRILL_PID. Here that is the JVM's pid (setsid execs the
     * shell, whose parent is the JVM): one id for the runs one finack process makes at once.
     */
    private static final String PACKETDRILL_PID = Long.toString(ProcessHandle.current().pid());

    /**
     * The process groups of the commands run so far (each command's pid, as setsid makes it),
     * with their kills registered to run at exit should the plan not end normally.
     */
    private final Map<Long, CleanupRegistry.Registration> groups = new LinkedHashMap<>();

    void run(Step.Shell step) throws PlanFailure, IOException {
        // Output goes to a file, not a pipe: a command that leaves a background child holding
        // the pipe open would block a reader, and the time limit with it.
        Path output = Files.createTempFile("finack-shell", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder("setsid", "sh", "-c", step.command()).directory(step.directory().toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("PACKETDRILL_PID", PACKETDRILL_PID);
            Process process = builder.start();
            long group = process.pid();
            groups.put(group, CleanupRegistry.global().register("the processes of `" + step.command() + "`",
                    () -> ProcessGroups.kill(group)));
            try {
                if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new PlanFailure("`" + step.command() + "` did not finish within " + LIMIT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running `" + step.command() + "`", e);
            }
            if (process.exitValue() != 0) {
                String said = Files.readString(output, StandardCharsets.UTF_8).strip();
                throw new PlanFailure("`" + step.command() + "` failed with exit status " + process.exitValue()
                        + (said.isEmpty() ? "" : ": " + said.lines().reduce((a, b) -> b).orElse("")));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Kills whatever the commands left running in their sessions' process groups. */
    @Override
    public void close() {
        groups.forEach((group, atExit) -> {
            ProcessGroups.kill(group);
            atExit.close();
        });
        groups.clear();
    }
}

package io.finack.experiment;

import io.finack.kernel.ProcessGroups;
import io.finack.sandbox.CleanupRegistry;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A script's backtick lines: {@code sh -c COMMAND} from the script's folder, each of which
 * must exit 0. The child starts in the network namespace of the calling thread, so the plan's
 * walk runs it from the namespace's thread. Each runs in a session of its own, so that what it
 * leaves running in the background is found and killed when the plan ends ({@link #close}),
 * or, when finack itself is ended by a signal first, by the JVM-wide cleanup at exit: nothing
 * a script starts outlives the run, and neither does a file finack writes for it.
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
    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /**
     * The process groups of the commands run so far (each command's pid, as setsid makes it),
     * with their kills registered to run at exit should the plan not end normally.
     */
    private final Map<Long, CleanupRegistry.Registration> groups = new LinkedHashMap<>();

    void run(Step.Shell step) throws PlanFailure, IOException {
        RestoreFile.claim();
        // Output goes to a file, not a pipe: a command that leaves a background child holding
        // the pipe open would block a reader, and the time limit with it. The file's deletion
        // is registered before it exists, and its name is gone as soon as the shell has it open
        // (this stream reads it still): a signal, even SIGKILL once the shell runs, leaves none.
        Path output = TEMP.resolve("finack-shell-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".out");
        try (CleanupRegistry.Registration atExit = CleanupRegistry.global().register("the output file " + output,
                () -> Files.deleteIfExists(output))) {
            Files.createFile(output, OWNER_ONLY);
            try (InputStream said = Files.newInputStream(output)) {
                Process process;
                try {
                    ProcessBuilder builder = new ProcessBuilder("setsid", "sh", "-c", step.command())
                            .directory(step.directory().toFile())
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                    builder.environment().put("PACKETDRILL_PID", PACKETDRILL_PID);
                    process = builder.start();
                } finally {
                    Files.deleteIfExists(output);
                }
                await(step, process);
                if (process.exitValue() != 0) {
                    String text = new String(said.readAllBytes(), StandardCharsets.UTF_8).strip();
                    throw new PlanFailure("`" + step.command() + "` failed with exit status " + process.exitValue()
                            + (text.isEmpty() ? "" : ": " + text.lines().reduce((a, b) -> b).orElse("")));
                }
            }
        }
    }

    /** Waits for the command's shell, its process group's kill registered meanwhile. */
    private void await(Step.Shell step, Process process) throws PlanFailure, IOException {
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
    }

    /**
     * set_sysctls.py's restore file, {@code /tmp/sysctl_restore_${PACKETDRILL_PID}.sh}: named by
     * finack's pid, so finack's to remove when it ends (packetdrill leaves its own behind), unless
     * it was there before this process's first shell line (then it is not finack's).
     */
    private static final class RestoreFile {
        private static final Path PATH = Path.of("/tmp", "sysctl_restore_" + PACKETDRILL_PID + ".sh");
        private static boolean claimed;

        static synchronized void claim() {
            if (!claimed) {
                claimed = true;
                if (!Files.exists(PATH, LinkOption.NOFOLLOW_LINKS)) {
                    CleanupRegistry.global().register("the sysctl restore file " + PATH, () -> Files.deleteIfExists(PATH));
                }
            }
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

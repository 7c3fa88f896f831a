package io.finack.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a command from the calling thread (so in its network namespace) and returns its output. */
public final class Commands {
    private Commands() {
    }

    /** What a finished command printed, stdout and stderr apart, and its exit status. */
    public record Result(int status, String stdout, String stderr) {
        /** Everything, for failure messages. */
        @Override
        public String toString() {
            return "exit status " + status + ", stdout: " + stdout.strip() + ", stderr: " + stderr.strip();
        }
    }

    /** Stdout and stderr together; a non-zero exit status fails the test with the output. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + status + ": " + output.strip());
        }
        return output;
    }

    /** Stdout alone (tshark, for one, warns on stderr as root); a non-zero exit status fails the test. */
    public static String stdout(String... command) throws IOException, InterruptedException {
        Result result = execute(List.of(command));
        if (result.status() != 0) {
            throw new AssertionError(String.join(" ", command) + ": " + result);
        }
        return result.stdout();
    }

    /** Runs a command to its end, whatever its exit status, with stdout and stderr kept apart. */
    public static Result execute(List<String> command) throws IOException, InterruptedException {
        // stderr goes to a file, so that neither pipe can fill up while the other is read.
        Path errors = Files.createTempFile("finack-test-stderr", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            return new Result(status, stdout, Files.readString(errors));
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /**
     * The command line of a JVM like this one (same java, the test class path) running
     * {@code mainClass}, which may be a test class: the tests' own class path holds the main
     * code as compiled now, where target/finack.jar may not be built yet or be stale.
     */
    public static List<String> java(String mainClass, String... args) {
        return java(List.of(), mainClass, args);
    }

    /** As {@link #java(String, String...)}, with {@code options} for the JVM (-D settings). */
    public static List<String> java(List<String> options, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }
}

package io.finack.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Runs a command from the calling thread (so in its network namespace) and returns its output. */
public final class Commands {
    private Commands() {
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
}

package io.finack.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short {@code sh -c} setup script inside a namespace (its child starts from the
 * namespace's thread, so it inherits the namespace), for the device set-up that iproute2 says
 * best: one process for many commands. Its output goes into the error when it fails.
 */
final class NamespaceShell {
    private static final long LIMIT_SECONDS = 10;

    private NamespaceShell() {
    }

    /** Runs {@code script} with {@code set -e}; {@code what} says what it sets up, for the error. */
    static void run(NetNamespace namespace, String script, String what) throws SandboxException {
        namespace.call(() -> {
            Process process;
            try {
                process = new ProcessBuilder("sh", "-c", "set -e\n" + script).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new SandboxException("cannot " + what + ": cannot start sh: " + e.getMessage(), e);
            }
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SandboxException("cannot " + what + ": the commands did not finish within " + LIMIT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new SandboxException("cannot " + what + " (is iproute2 installed?): "
                        + new String(output, StandardCharsets.UTF_8).strip().replace('\n', ';'));
            }
            return null;
        });
    }
}

package io.finack.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs the nft binary on a ruleset. The child process starts in the network namespace of the
 * calling thread, so that thread decides where the ruleset lands.
 */
final class Nft {
    private static final long TIMEOUT_SECONDS = 5;

    private Nft() {
    }

    static void run(String ruleset) throws SandboxException {
        Process nft;
        try {
            nft = new ProcessBuilder("nft", "-f", "-").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SandboxException("cannot run nft (apt-get install nftables): " + e.getMessage(), e);
        }
        try {
            try (OutputStream in = nft.getOutputStream()) {
                in.write(ruleset.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // nft exited before reading its input; its exit status and stderr say why
            }
            if (!nft.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                nft.destroyForcibly();
                throw new SandboxException("nft did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (nft.exitValue() != 0) {
                String stderr = new String(nft.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                throw new SandboxException("nft failed: "
                        + (stderr.isEmpty() ? "exit status " + nft.exitValue() : stderr.lines().findFirst().get()));
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read nft's error output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            nft.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for nft", e);
        }
    }
}

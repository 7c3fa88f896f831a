package io.finack.python;

import io.finack.sandbox.CleanupRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Python 3 interpreter that runs python blocks: {@code python3} found on {@code PATH}, as
 * packetdrill runs it, or the one the environment variable {@value #VARIABLE} names (a path, or
 * a name looked up on {@code PATH}). The program goes in on standard input ({@code python3 -B -}),
 * so no file is written; {@code -B} keeps Python from leaving bytecode beside modules a block
 * imports. The process is killed if it outlives its time limit or finack.
 *
 * @param command the interpreter as named (for messages)
 * @param executable where it was found
 */
public record PythonInterpreter(String command, Path executable) {
    /** The environment variable that names another interpreter. */
    public static final String VARIABLE = "FINACK_PYTHON";
    private static final String DEFAULT = "python3";

    /** What a run of a program gave: whether it finished in time, its exit status, and what it wrote. */
    public record Run(boolean finished, int status, String output, String errors) {
    }

    /** How long the streams may stay open after the interpreter exited (a child it left holding them). */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);

    /** The interpreter is not there; the message says so in one line. */
    public static final class MissingException extends Exception {
        private static final long serialVersionUID = 1L;

        MissingException(String message) {
            super(message);
        }
    }

    /** The interpreter this process's environment names. */
    public static PythonInterpreter locate() throws MissingException {
        return locate(System.getenv());
    }

    /** The interpreter {@code environment} names: {@value #VARIABLE}, else python3, on its {@code PATH}. */
    public static PythonInterpreter locate(Map<String, String> environment) throws MissingException {
        String command = Optional.ofNullable(environment.get(VARIABLE)).filter(c -> !c.isBlank()).orElse(DEFAULT);
        String named = command.equals(DEFAULT) ? DEFAULT : command + " (" + VARIABLE + ")";
        if (command.contains("/")) {
            Path path = Path.of(command);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return new PythonInterpreter(command, path);
            }
            throw new MissingException("python blocks need a Python 3 interpreter, and " + named + " is not an executable file");
        }
        for (String dir : environment.getOrDefault("PATH", "").split(":")) {
            Path path = Path.of(dir.isEmpty() ? "." : dir).resolve(command);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return new PythonInterpreter(command, path);
            }
        }
        throw new MissingException("python blocks need a Python 3 interpreter, and " + named + " is not on PATH"
                + (command.equals(DEFAULT) ? " (scripts/setup installs it; " + VARIABLE + " names another)" : ""));
    }

    /**
     * Runs {@code program} from {@code directory}, for at most {@code limit}; the process is
     * gone when this returns, whatever happened.
     */
    public Run run(String program, Path directory, Duration limit) throws IOException, MissingException {
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "-B", "-").directory(directory.toFile()).start();
        } catch (IOException e) {
            throw new MissingException("python blocks need a Python 3 interpreter, and " + command + " cannot be run: "
                    + e.getMessage());
        }
        try (CleanupRegistry.Registration atExit = CleanupRegistry.global().register(command + " running python blocks",
                process::destroyForcibly)) {
            CompletableFuture<String> output = drain(process.getInputStream());
            CompletableFuture<String> errors = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(program.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ended) {
                // The interpreter exited before reading it all: its status and errors say why.
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Run(false, -1, "", "");
            }
            return new Run(true, process.exitValue(), output.get(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    errors.get(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running the python blocks", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read what " + command + " wrote: " + e, e);
        } finally {
            // Reaped before the caller goes on, so that no interpreter outlives its run.
            process.destroyForcibly().onExit().orTimeout(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(late -> null).join();
        }
    }

    /** Reads a stream to its end on a thread of its own, so that neither pipe can fill and stall the process. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, "finack-python-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}

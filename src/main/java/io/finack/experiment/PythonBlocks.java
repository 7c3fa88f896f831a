package io.finack.experiment;

import io.finack.kernel.KernelSocket;
import io.finack.kernel.SyscallException;
import io.finack.python.PythonBlock;
import io.finack.python.PythonInterpreter;
import io.finack.python.PythonProgram;
import io.finack.python.PythonRun;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plan's python blocks during a run, as packetdrill runs them: each block's line reads the
 * socket under test (TCP_INFO, TCP_CC_INFO, SO_MEMINFO) at its time, and once the last step is
 * done every block runs, in one interpreter. A block with no socket to read fails the plan at
 * its line at once, as in packetdrill.
 */
final class PythonBlocks {
    /** How long the blocks may run, all together. */
    private static final Duration LIMIT = Duration.ofSeconds(30);
    /** packetdrill's words for a block before any socket. */
    private static final String NO_SOCKET = "runtime error in code: no socket to use for code";
    /** packetdrill's words for a block whose socket cannot be read. */
    private static final String UNREADABLE = "runtime error in code: can't find getsockopt to get TCP info";

    private final List<PythonBlock.Reading> readings = new ArrayList<>();
    /** The plan step of each reading. */
    private final List<Integer> steps = new ArrayList<>();
    private Path directory;
    private String output = "";

    /** A failure of the blocks: the plan step of the block it is about, and why. */
    record Failure(int step, String reason) {
    }

    /**
     * The block of plan step {@code index} reads {@code socket}, the socket under test's open
     * descriptor (empty: it has none); {@code exists} is false before any socket() call.
     */
    void read(int index, Step.Python step, boolean exists, Optional<KernelSocket> socket) throws PlanFailure {
        if (!exists) {
            throw new PlanFailure(NO_SOCKET + " (no socket() call before it)");
        }
        if (socket.isEmpty()) {
            throw new PlanFailure(UNREADABLE + " (the socket under test is a connection not yet accepted, or closed)");
        }
        KernelSocket s = socket.get();
        try {
            readings.add(new PythonBlock.Reading(step.block(), s.tcpInfo(), s.congestionInfo(), s.memInfo()));
        } catch (SyscallException e) {
            throw new PlanFailure(UNREADABLE + " (" + e.getMessage() + ")");
        }
        steps.add(index);
        directory = step.directory();
    }

    /** What the blocks read and printed, if the plan has any whose line was reached. */
    Optional<PythonRun> record() {
        return readings.isEmpty() ? Optional.empty() : Optional.of(new PythonRun(readings, output));
    }

    /** Runs every block read; the failure, if one failed or the interpreter could not run them. */
    Optional<Failure> run() throws IOException {
        if (readings.isEmpty()) {
            return Optional.empty();
        }
        PythonInterpreter python;
        PythonInterpreter.Run run;
        try {
            python = PythonInterpreter.locate();
            run = python.run(PythonProgram.of(readings), directory, LIMIT);
        } catch (PythonInterpreter.MissingException e) {
            return Optional.of(new Failure(steps.get(0), e.getMessage()));
        }
        output = run.output();
        int last = steps.get(steps.size() - 1);
        if (!run.finished()) {
            return Optional.of(new Failure(last, "error executing code: '" + python.command() + "' did not finish within "
                    + LIMIT.toSeconds() + " s"));
        }
        if (run.status() == 0) {
            return Optional.empty();
        }
        Optional<PythonProgram.Failure> failed = PythonProgram.failure(
                readings.stream().map(PythonBlock.Reading::block).toList(), run.errors());
        if (failed.isPresent()) {
            // packetdrill's words, then what Python said (the exception's line, so that a one-line
            // summary shows it), then Python's whole account below.
            String account = failed.get().account();
            String exception = lastLine(account);
            return Optional.of(new Failure(steps.get(failed.get().index()), PythonProgram.ERROR
                    + (exception.isEmpty() ? "" : ": " + exception)
                    + account.lines().map(l -> "\n  " + l).reduce("", String::concat)));
        }
        // Not a block's exception (sys.exit(N), a signal): packetdrill's words, with Python's last line.
        String said = lastLine(run.errors());
        return Optional.of(new Failure(last, "error executing code: '" + python.command() + "' returned non-zero status "
                + run.status() + (said.isEmpty() ? "" : ": " + said)));
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((a, b) -> b).orElse("").strip();
    }
}

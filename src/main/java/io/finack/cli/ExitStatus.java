package io.finack.cli;

/** finack's exit statuses, as documented in README.md and docs/run.md. */
public final class ExitStatus {
    /** Every expectation met. */
    public static final int OK = 0;
    /** The kernel did something an experiment did not expect. */
    public static final int UNEXPECTED = 1;
    /** Bad usage or a bad input file. */
    public static final int USAGE = 2;
    /** The environment cannot run experiments: a missing privilege or library. */
    public static final int ENVIRONMENT = 3;

    private ExitStatus() {
    }
}

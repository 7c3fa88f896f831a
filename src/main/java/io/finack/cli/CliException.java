package io.finack.cli;

/** Ends a command with a one-line message and an exit status. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    CliException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}

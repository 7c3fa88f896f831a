package io.finack.experiment;

/** The kernel did something the plan did not expect; the message says what, for the report. */
public final class PlanFailure extends Exception {
    private static final long serialVersionUID = 1L;
    /** The capture time of the kernel frame the failure is about, 0 when it is about none. */
    private final long frameNanos;

    public PlanFailure(String message) {
        this(message, 0);
    }

    PlanFailure(String message, long frameNanos) {
        super(message);
        this.frameNanos = frameNanos;
    }

    long frameNanos() {
        return frameNanos;
    }
}

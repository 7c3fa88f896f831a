package io.finack.experiment;

/** The kernel did something the plan did not expect; the message says what, for the report. */
public final class PlanFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public PlanFailure(String message) {
        super(message);
    }
}

package io.finack.experiment;

/** When an event happens: at a point, at any time, or within a range (packetdrill's {@code a~b}). */
public sealed interface Timing {
    record At(TimePoint point) implements Timing {
        @Override public String toString() { return point.toString(); }
    }

    /** {@code *}: whenever it comes; later relative times count from when it did. */
    record Any() implements Timing {
        @Override public String toString() { return "*"; }
    }

    /** {@code low~high}; later relative times count from when the event did happen. */
    record Between(TimePoint low, TimePoint high) implements Timing {
        @Override public String toString() { return low + "~" + high; }
    }

    /**
     * packetdrill's {@code start...end} for a system call: it starts at {@code start} and must
     * return at {@code end} (a relative end counts from the start). Later relative times count
     * from the start, as after {@link At}.
     */
    record Returning(TimePoint start, TimePoint end) implements Timing {
        @Override public String toString() { return start + "..." + end; }
    }
}

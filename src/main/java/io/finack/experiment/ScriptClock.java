package io.finack.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A plan's clock, packetdrill's way: time 0 is when the plan starts; a relative time counts
 * from the previous event's script time, or from when it really happened if its time was
 * {@code *} or a range; each kernel frame must come within its tolerance, and the clock slips
 * when the harness itself or a kernel frame is late (see {@link #acted}): as in packetdrill,
 * whose next relative time counts from when it has done the previous event (a call returned,
 * a frame seen), never earlier than that event's script time. A plan without a
 * timeline has a clock that never waits and never complains.
 */
final class ScriptClock {
    private static final long GRACE_NANOS = 2_000_000_000L;

    private final Optional<Timeline> timeline;
    private long startNanos;
    private long firstStartNanos;
    private long previousMicros;
    /** Time 0 from each action of the harness on (by its wall-clock nanoseconds): a slip moves only what comes after it. */
    private final java.util.TreeMap<Long, Long> starts = new java.util.TreeMap<>();

    /** When a step may happen, in script microseconds, and how far off it may be. */
    record Window(long low, long high, long tolerance) {
        static final long OPEN = Long.MAX_VALUE;

        boolean exact() {
            return low == high;
        }
    }

    ScriptClock(Optional<Timeline> timeline) {
        this.timeline = timeline;
    }

    void start() {
        startAt(PlanRunner.wallNanos());
    }

    /** Time 0 is {@code wallNanos} (CLOCK_REALTIME, the capture's clock). */
    void startAt(long wallNanos) {
        startNanos = wallNanos;
        firstStartNanos = wallNanos;
        starts.clear();
        starts.put(Long.MIN_VALUE, wallNanos);
    }

    /** How far the clock has slipped so far for the harness's lateness ({@link #acted}), in microseconds. */
    long slipMicros() {
        return (startNanos - firstStartNanos) / 1000;
    }

    boolean timed() {
        return timeline.isPresent();
    }

    Window window(int step) {
        if (timeline.isEmpty()) {
            return new Window(0, Window.OPEN, 0);
        }
        Timing timing = timeline.get().timings().get(step);
        long low;
        long high;
        if (timing instanceof Timing.At at) {
            low = resolve(at.point());
            high = low;
        } else if (timing instanceof Timing.Returning returning) {
            low = resolve(returning.start());
            high = low;
        } else if (timing instanceof Timing.Between between) {
            low = resolve(between.low());
            high = Math.max(low, resolve(between.high()));
        } else {
            low = previousMicros;
            high = Window.OPEN;
        }
        return new Window(low, high, timeline.get().tolerance().forGap(low - previousMicros));
    }

    private long resolve(TimePoint point) {
        return point.relative() ? previousMicros + point.micros() : point.micros();
    }

    /** True when the step happens at once after the one before it ({@code +0}), or the plan is untimed. */
    boolean immediate(int step) {
        return timeline.isEmpty() || (timeline.get().timings().get(step) instanceof Timing.At at
                && at.point().relative() && at.point().micros() == 0);
    }

    /** Sleeps until the window opens. */
    void sleepUntil(Window window) throws IOException {
        if (timeline.isEmpty()) {
            return;
        }
        long wait = startNanos + window.low() * 1000 - PlanRunner.wallNanos();
        if (wait > 0) {
            PlanRunner.sleep(wait);
        }
    }

    /**
     * How long to wait for a kernel frame due in the window, or {@code fallback} when it has
     * no end. The wait runs a grace period past the window's end: the frame is judged by its
     * capture timestamp, not by when the capture thread handed it over, and a frame that comes
     * late is reported as a timing error with its time, as packetdrill does, rather than as none.
     */
    Duration waitFor(Window window, Duration fallback) {
        if (timeline.isEmpty() || window.high() == Window.OPEN) {
            return fallback;
        }
        long deadline = startNanos + (window.high() + window.tolerance()) * 1000 + GRACE_NANOS;
        return Duration.ofNanos(Math.max(0, deadline - PlanRunner.wallNanos()));
    }

    /**
     * packetdrill's timing error, when a kernel frame at {@code actualNanos} falls outside the
     * window and its tolerance. It is early only on the clock as it stood when the frame came,
     * late only on the clock as it stands: a slip the harness made after the frame came (a
     * slow call that returned after the kernel had sent what it asked for) is not the kernel's.
     */
    Optional<String> timingError(Window window, long actualNanos, String what) {
        return timingErrorAt(window, (actualNanos - originAt(actualNanos)) / 1000, micros(actualNanos), what);
    }

    /** As {@link #timingError}, for a time {@code early} (or {@code late}) microseconds after time 0. */
    private Optional<String> timingErrorAt(Window window, long early, long late, String what) {
        if (timeline.isEmpty()) {
            return Optional.empty();
        }
        long actual;
        if (early < window.low() - window.tolerance()) {
            actual = early;
        } else if (window.high() != Window.OPEN && late > window.high() + window.tolerance()) {
            actual = late;
        } else {
            return Optional.empty();
        }
        String expected = window.exact() ? "at " + seconds(window.low())
                : "in time range " + seconds(window.low()) + "~" + seconds(window.high());
        return Optional.of("timing error: expected " + what + " " + expected + " sec but happened at " + seconds(actual)
                + " sec; tolerance " + seconds(window.tolerance()) + " sec");
    }

    /**
     * packetdrill's timing error for a system call with a {@code start...end} time that
     * returned at {@code returnedNanos}, on the clock as it stood then (after the slips of the
     * call's own start and of the steps done while it blocked, see {@link #began}), or empty when
     * it returned in time or has no end time.
     */
    Optional<String> returnError(int step, Window started, long returnedNanos) {
        if (timeline.isEmpty() || !(timeline.get().timings().get(step) instanceof Timing.Returning returning)) {
            return Optional.empty();
        }
        // As in packetdrill, a relative start moves the end by the same offset (the previous
        // event's time); finack's "+END" is relative to the start itself.
        long end = returning.end().relative() ? started.low() + returning.end().micros()
                : returning.start().relative() ? started.low() - returning.start().micros() + returning.end().micros()
                : returning.end().micros();
        Window ends = new Window(end, end, timeline.get().tolerance().forGap(end - started.low()));
        long returned = (returnedNanos - originAt(returnedNanos)) / 1000;
        return timingErrorAt(ends, returned, returned, "system call return");
    }

    /**
     * Time 0 as {@link #acted} will have it for a step in {@code window} the harness did at
     * {@code actualNanos}, without moving the clock yet.
     */
    long origin(Window window, long actualNanos) {
        long late = actualNanos - (startNanos + window.low() * 1000);
        return timeline.isPresent() && late > 0 && window.exact() ? startNanos + late : startNanos;
    }

    /** The script time and the actual time of a frame, for a mismatch report. */
    String when(Window window, long actualNanos) {
        long actual = micros(actualNanos);
        String script = window.exact() ? seconds(window.low()) : window.high() == Window.OPEN ? "any time after "
                + seconds(window.low()) : seconds(window.low()) + "~" + seconds(window.high());
        return "time: script " + script + " sec, actual " + seconds(actual) + " sec ("
                + String.format(Locale.ROOT, "%+.6f", (actual - window.low()) / 1e6) + " sec)";
    }

    /**
     * A step happened at {@code actualNanos}: the harness's own, or a kernel frame. If that was
     * after its time, the clock slips by as much. For the harness's steps, so that the kernel
     * is judged on its own timing from the harness's real action on, not on the harness's
     * lateness (a JVM on a busy machine is sometimes late where packetdrill, in C, is not);
     * for the kernel's frames, because packetdrill counts the next relative time from when it
     * has seen the frame, not from the frame's script time.
     */
    void acted(Window window, long actualNanos) {
        if (timeline.isPresent()) {
            startNanos = origin(window, actualNanos);
            mark(actualNanos, startNanos);
            done(window, actualNanos);
        }
    }

    /** The step happened: later relative times count from here. */
    void done(Window window, long actualNanos) {
        if (timeline.isPresent()) {
            previousMicros = window.exact() ? window.low() : micros(actualNanos);
        }
    }

    /**
     * A script time in microseconds as wall-clock microseconds, for something the kernel did at
     * {@code observedMicros} (an SO_TIMESTAMPING stamp): on the clock as it had slipped by the
     * harness's last action before then, so that the kernel is judged from the harness's real
     * action, as its segments are.
     */
    long wallMicros(long scriptMicros, long observedMicros) {
        return originAt(observedMicros * 1000) / 1000 + scriptMicros;
    }

    /**
     * Time 0 is {@code origin} from {@code wallNanos} on, or from the last mark if that is later:
     * a kernel frame looked at after a later step of the harness's moves the clock only from there.
     */
    private void mark(long wallNanos, long origin) {
        starts.put(Math.max(wallNanos, starts.lastKey()), origin);
    }

    /** Time 0 as it stood at {@code wallNanos}: after the slips of the steps done by then. */
    private long originAt(long wallNanos) {
        return starts.floorEntry(wallNanos).getValue();
    }

    /**
     * The harness began a step in {@code window} at {@code actualNanos} that it will have done
     * at a later time ({@link #acted}): a call that returns later. What the kernel did from now
     * on is judged on the clock as it stands from the step's start.
     */
    void began(Window window, long actualNanos) {
        if (timeline.isPresent()) {
            mark(actualNanos, origin(window, actualNanos));
        }
    }

    private long micros(long wallNanos) {
        return (wallNanos - startNanos) / 1000;
    }

    static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1e6);
    }
}

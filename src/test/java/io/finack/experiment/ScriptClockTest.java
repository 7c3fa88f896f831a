package io.finack.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** packetdrill's clock: windows, tolerances, relative times after * and ranges, and the harness's slip. */
class ScriptClockTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    private static ScriptClock clock(Tolerance tolerance, Timing... timings) {
        List<String> sources = java.util.stream.IntStream.range(0, timings.length).mapToObj(i -> "t.pkt:" + (i + 1)).toList();
        ScriptClock clock = new ScriptClock(Optional.of(new Timeline(List.of(timings), sources, tolerance)));
        clock.startAt(T0);
        return clock;
    }

    private static Timing at(boolean relative, long micros) {
        return new Timing.At(new TimePoint(relative, micros));
    }

    private static long nanosAt(long micros) {
        return T0 + micros * 1000;
    }

    @Test
    void aKernelFrameMustComeWithinTheLargerOfTheFixedAndThePercentTolerance() {
        ScriptClock clock = clock(Tolerance.DEFAULT, at(false, 0), at(true, 1_000_000), at(true, 10_000));
        clock.done(clock.window(0), nanosAt(0));
        ScriptClock.Window second = clock.window(1);
        assertEquals(new ScriptClock.Window(1_000_000, 1_000_000, 125_000), second, "12.5 % of a 1 s gap");
        assertTrue(clock.timingError(second, nanosAt(1_120_000), "outbound packet").isEmpty());
        assertEquals(Optional.of("timing error: expected outbound packet at 1.000000 sec but happened at 1.130000 sec; "
                + "tolerance 0.125000 sec"), clock.timingError(second, nanosAt(1_130_000), "outbound packet"));
        assertEquals(Optional.of("timing error: expected outbound packet at 1.000000 sec but happened at 0.870000 sec; "
                + "tolerance 0.125000 sec"), clock.timingError(second, nanosAt(870_000), "outbound packet"));
        clock.done(second, nanosAt(1_100_000));
        assertEquals(new ScriptClock.Window(1_010_000, 1_010_000, 4_000), clock.window(2),
                "relative to the script time, not the actual; 4 ms beats 12.5 % of 10 ms");
    }

    @Test
    void afterAnyTimeOrARangeRelativeTimesCountFromWhatHappened() {
        ScriptClock clock = clock(Tolerance.DEFAULT, new Timing.Any(), at(true, 0),
                new Timing.Between(new TimePoint(true, 2_000), new TimePoint(true, 20_000)), at(true, 5_000));
        ScriptClock.Window any = clock.window(0);
        assertEquals(ScriptClock.Window.OPEN, any.high());
        assertTrue(clock.timingError(any, nanosAt(3_000_000), "outbound packet").isEmpty());
        clock.done(any, nanosAt(3_000_000));
        assertEquals(3_000_000, clock.window(1).low());
        clock.done(clock.window(1), nanosAt(3_000_000));
        ScriptClock.Window range = clock.window(2);
        assertEquals(new ScriptClock.Window(3_002_000, 3_020_000, 4_000), range);
        assertEquals(Optional.of("timing error: expected outbound packet in time range 3.002000~3.020000 sec but "
                + "happened at 3.030000 sec; tolerance 0.004000 sec"), clock.timingError(range, nanosAt(3_030_000), "outbound packet"));
        clock.done(range, nanosAt(3_011_000));
        assertEquals(3_016_000, clock.window(3).low());
    }

    @Test
    void theHarnessBeingLateSlipsTheClockInsteadOfBlamingTheKernel() {
        ScriptClock clock = clock(Tolerance.DEFAULT, at(false, 0), at(true, 0));
        clock.acted(clock.window(0), nanosAt(7_000));
        ScriptClock.Window reply = clock.window(1);
        assertTrue(clock.timingError(reply, nanosAt(7_050), "outbound packet").isEmpty(),
                "the kernel answered 50 us after the harness's late injection");
        assertEquals("time: script 0.000000 sec, actual 0.000050 sec (+0.000050 sec)", clock.when(reply, nanosAt(7_050)));
    }

    @Test
    void anUntimedPlanNeverWaitsNorComplains() {
        ScriptClock clock = new ScriptClock(Optional.empty());
        clock.start();
        assertTrue(clock.immediate(5));
        assertTrue(clock.timingError(clock.window(0), Long.MAX_VALUE, "outbound packet").isEmpty());
    }

    @Test
    void aBlockingCallsEndCountsFromWhereItsStartDoesAsInPacketdrill() {
        Timing returning = new Timing.Returning(new TimePoint(true, 10_000), new TimePoint(false, 20_000));
        ScriptClock clock = clock(Tolerance.DEFAULT, at(false, 100_000), returning);
        clock.done(clock.window(0), nanosAt(100_000));
        ScriptClock.Window started = clock.window(1);
        assertEquals(110_000, started.low());
        assertTrue(clock.returnError(1, started, nanosAt(120_000)).isEmpty(), "+.01...0.02: the previous event's 0.1 plus 0.02");
        assertEquals(Optional.of("timing error: expected system call return at 0.120000 sec but happened at 0.130000 sec; "
                + "tolerance 0.004000 sec"), clock.returnError(1, started, nanosAt(130_000)));
    }

    @Test
    void aBlockingCallsReturnIsJudgedOnTheClockAsItStoodThen() {
        Timing returning = new Timing.Returning(new TimePoint(true, 10_000), new TimePoint(false, 11_000));
        ScriptClock clock = clock(Tolerance.DEFAULT, at(false, 0), returning, at(true, 0));
        clock.acted(clock.window(0), nanosAt(0));
        ScriptClock.Window started = clock.window(1);
        assertEquals(T0 + 5_000_000, clock.origin(started, nanosAt(15_000)), "started 5 ms late");
        clock.acted(started, nanosAt(15_000));
        assertTrue(clock.returnError(1, started, nanosAt(16_500)).isEmpty(), "1.5 ms after its late start");
        // The injection that unblocks it goes out 10 ms late: the return is the kernel's answer to it.
        clock.acted(clock.window(2), nanosAt(25_000));
        assertTrue(clock.returnError(1, started, nanosAt(26_000)).isEmpty());
        assertEquals(Optional.of("timing error: expected system call return at 0.011000 sec but happened at 0.016000 sec; "
                + "tolerance 0.004000 sec"), clock.returnError(1, started, nanosAt(31_000)));
    }

    @Test
    void aLateKernelFrameMovesLaterRelativeTimesAsInPacketdrillButAnEarlyOneDoesNot() {
        ScriptClock clock = clock(Tolerance.DEFAULT, at(false, 0), at(true, 200_000), at(true, 100_000), at(true, 100_000),
                at(true, 0));
        clock.acted(clock.window(0), nanosAt(0));
        ScriptClock.Window rto = clock.window(1);
        assertTrue(clock.timingError(rto, nanosAt(203_000), "outbound packet").isEmpty());
        clock.acted(rto, nanosAt(203_000));
        // The next injection is due 100 ms after the frame came, not after its script time.
        assertEquals(T0 + 303_000_000, clock.origin(clock.window(2), 0) + clock.window(2).low() * 1000);
        clock.acted(clock.window(2), nanosAt(303_000));
        ScriptClock.Window early = clock.window(3);
        assertTrue(clock.timingError(early, nanosAt(400_000), "outbound packet").isEmpty(), "3 ms early: within 12.5 %");
        clock.acted(early, nanosAt(400_000));
        assertEquals(Optional.of("timing error: expected outbound packet at 0.400000 sec but happened at 0.395000 sec; "
                + "tolerance 0.004000 sec"), clock.timingError(clock.window(4), nanosAt(398_000), "outbound packet"),
                "an early frame leaves the clock where the script put it (packetdrill reaches it no earlier)");
    }

    @Test
    void aKernelTimestampIsPlacedOnTheClockAsItHadSlippedThen() {
        ScriptClock clock = clock(Tolerance.DEFAULT, at(false, 0), at(true, 10_000), at(true, 0));
        clock.acted(clock.window(0), nanosAt(0));
        clock.acted(clock.window(1), nanosAt(15_000));
        long slipped = (T0 + 5_000_000) / 1000;
        clock.acted(clock.window(2), nanosAt(40_000));
        long slippedMore = (T0 + 30_000_000) / 1000;
        assertEquals(T0 / 1000 + 10_000, clock.wallMicros(10_000, nanosAt(14_000) / 1000), "before the late step: no slip");
        assertEquals(slipped + 10_000, clock.wallMicros(10_000, nanosAt(16_000) / 1000), "after it: 5 ms");
        assertEquals(slippedMore + 10_000, clock.wallMicros(10_000, nanosAt(41_000) / 1000), "after the next: 30 ms");
    }

    @Test
    void aFrameSentDuringSlowCallsIsJudgedOnTheClockAsItStoodWhenItCame() {
        // 0 write (the kernel sends at once), +0 send, +0 send, +0 > P. — the harness's calls take 4 ms each.
        ScriptClock clock = clock(Tolerance.DEFAULT, at(false, 10_000), at(true, 0), at(true, 0), at(true, 0));
        clock.began(clock.window(0), nanosAt(10_000));
        clock.acted(clock.window(0), nanosAt(14_000));
        for (int call = 1; call <= 2; call++) {
            ScriptClock.Window window = clock.window(call);
            clock.began(window, nanosAt(14_000 + (call - 1) * 4_000));
            clock.acted(window, nanosAt(18_000 + (call - 1) * 4_000));
        }
        ScriptClock.Window data = clock.window(3);
        assertTrue(clock.timingError(data, nanosAt(10_100), "outbound packet").isEmpty(),
                "sent during the first call: 0.1 ms after its start, not 12 ms before the last call returned");
        assertEquals(Optional.of("timing error: expected outbound packet at 0.010000 sec but happened at 0.005000 sec; "
                + "tolerance 0.004000 sec"), clock.timingError(data, nanosAt(5_000), "outbound packet"), "before any call");
        assertEquals(Optional.of("timing error: expected outbound packet at 0.010000 sec but happened at 0.015000 sec; "
                + "tolerance 0.004000 sec"), clock.timingError(data, nanosAt(27_000), "outbound packet"),
                "late is judged from the last call's return");
    }
}

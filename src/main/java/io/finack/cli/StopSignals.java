package io.finack.cli;

import sun.misc.Signal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT and SIGTERM as a request to stop, for a command that runs until told to and then
 * ends normally ({@code finack watch}: its last summary, its files closed, exit status 0).
 * Unlike {@link SignalStop}, which lets the JVM's shutdown go on once the report is out (and
 * the status be the signal's), the signals are handled here and the JVM does not shut down
 * on them; the handlers go back to the defaults on {@link #close}.
 */
final class StopSignals implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final CountDownLatch requested = new CountDownLatch(1);
    private final sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[SIGNALS.length];

    private StopSignals() {
    }

    static StopSignals install() {
        StopSignals stop = new StopSignals();
        for (int i = 0; i < SIGNALS.length; i++) {
            stop.previous[i] = Signal.handle(new Signal(SIGNALS[i]), s -> stop.requested.countDown());
        }
        return stop;
    }

    /** Waits up to {@code timeout} for a signal; true once one has come. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) {
            Signal.handle(new Signal(SIGNALS[i]), previous[i]);
        }
    }
}

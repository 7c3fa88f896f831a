package io.finack.watch;

import io.finack.analysis.PathFinding;

/** Hears what {@code finack watch} finds, on the capture's thread or the ticking one, one call at a time. */
public interface WatchListener {
    /** A finding worth a line (it entered the path, lost a SYN or met FIN_WAIT_2), decided at {@code epochNanos}. */
    void finding(long epochNanos, PathFinding finding);

    /** A finding's pcap window is complete: written, or not (the cap). */
    void evidence(Evidence evidence);

    /** Every interval, and once on exit. */
    void summary(WatchSummary summary);
}

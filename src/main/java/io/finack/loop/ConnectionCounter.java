package io.finack.loop;

import io.finack.wire.FrameView;

import java.util.Optional;

/**
 * Counts the connections the capture saw begin: SYNs from the client's port whose sequence
 * number differs from the previous one's (a retransmitted or retried SYN keeps its connection's
 * ISN). The loop compares the count with its own, which shows whether the capture kept up.
 * Reads headers in place: it runs on the capture thread, for every frame.
 */
final class ConnectionCounter {
    private final int clientPort;
    private long connections;
    private boolean seen;
    private long lastIsn;

    ConnectionCounter(int clientPort) {
        this.clientPort = clientPort;
    }

    void frame(byte[] raw) {
        Optional<FrameView> view = FrameView.of(raw);
        if (view.isEmpty()) {
            return;
        }
        FrameView v = view.get();
        if (v.sourcePort() != clientPort || !v.flags().syn() || v.flags().ack() || v.flags().rst()) {
            return;
        }
        if (!seen || v.seq() != lastIsn) {
            connections++;
            seen = true;
            lastIsn = v.seq();
        }
    }

    long connections() {
        return connections;
    }
}

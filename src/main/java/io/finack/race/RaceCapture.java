package io.finack.race;

import io.finack.tcp.Flags;
import io.finack.wire.FrameView;
import io.finack.wire.Sniffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the race loop reads from the capture, indexed by the harness's port (one connection a
 * port at a time): the kernel's ISN from its SYN/ACK, the capture times of the two racing
 * segments, the kernel's last frame; and, when a pcap of hits is written, every frame of the
 * current batch for it. Arrays, not maps: the loop reads them thousands of times a second.
 */
final class RaceCapture implements Sniffer.Listener {
    private static final int PORTS = 65536;
    static final long NONE = -1;

    /** One captured frame of the batch and the harness port it belongs to. */
    record Frame(long epochNanos, byte[] raw, int port) {
    }

    private final int kernelPort;
    private final int closingBits;
    /** Whether the batch's frames are kept for {@link #framesOf}: only a pcap of hits reads them. */
    private final boolean keepFrames;
    private final long[] kernelIsn = new long[PORTS];
    private final long[] raceAck = new long[PORTS];
    private final long[] ackNanos = new long[PORTS];
    private final long[] closeNanos = new long[PORTS];
    private final int[] kernelFrames = new int[PORTS];
    private final FrameView[] lastFromKernel = new FrameView[PORTS];
    private final List<Frame> batch = new ArrayList<>();

    RaceCapture(int kernelPort, Flags closing, boolean keepFrames) {
        this.kernelPort = kernelPort;
        this.closingBits = closing.bits();
        this.keepFrames = keepFrames;
        Arrays.fill(kernelIsn, NONE);
        Arrays.fill(raceAck, NONE);
    }

    @Override
    public void frame(long epochNanos, byte[] raw) {
        Optional<FrameView> view = FrameView.of(raw);
        if (view.isEmpty()) {
            return;
        }
        FrameView f = view.get();
        boolean fromKernel = f.sourcePort() == kernelPort;
        int port = fromKernel ? f.destinationPort() : f.sourcePort();
        if (keepFrames) {
            batch.add(new Frame(epochNanos, raw, port));
        }
        int bits = f.flags().bits();
        if (fromKernel) {
            kernelFrames[port]++;
            lastFromKernel[port] = f;
            if (bits == Flags.SYN_ACK.bits()) {
                kernelIsn[port] = f.seq();
            }
        } else if (f.ack() == raceAck[port]) {
            if (bits == Flags.ACK_ONLY.bits()) {
                ackNanos[port] = epochNanos;
            } else if (bits == closingBits) {
                closeNanos[port] = epochNanos;
            }
        }
    }

    /** Forgets what an earlier connection from {@code port} left, before a new one starts. */
    void startConnection(int port) {
        kernelIsn[port] = NONE;
        raceAck[port] = NONE;
        ackNanos[port] = 0;
        closeNanos[port] = 0;
    }

    /** The ISN of the kernel's SYN/ACK to {@code port}, or {@link #NONE} before it came. */
    long kernelIsn(int port) {
        return kernelIsn[port];
    }

    /** The ack number both racing segments carry, so that they are told from the handshake's ACK. */
    void expectRace(int port, long ack) {
        raceAck[port] = ack;
    }

    /** The closing segment's capture time minus the ACK's (ns); empty unless both were seen. */
    Optional<Long> skewNanos(int port) {
        if (ackNanos[port] == 0 || closeNanos[port] == 0) {
            return Optional.empty();
        }
        return Optional.of(closeNanos[port] - ackNanos[port]);
    }

    /** How many frames the kernel has sent to {@code port} so far. */
    int kernelFrames(int port) {
        return kernelFrames[port];
    }

    FrameView lastFromKernel(int port) {
        return lastFromKernel[port];
    }

    /** The batch's frames of one port, in capture order. */
    List<Frame> framesOf(int port) {
        return batch.stream().filter(f -> f.port() == port).toList();
    }

    /** Starts a new batch: the frames kept so far are dropped. */
    void clearBatch() {
        batch.clear();
    }
}

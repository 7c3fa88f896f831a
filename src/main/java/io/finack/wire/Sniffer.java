package io.finack.wire;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;
import io.finack.kernel.ThreadScheduling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Captures every frame on lo, the harness's own and the kernel's, on a dedicated thread, and
 * hands each to a listener with its kernel timestamp (ns); or, for {@code finack watch}, the
 * frames of any interface that pass a BPF filter, read-only. Its libpcap handle also serves the
 * {@link Injector}: opening and closing a packet socket each wait for an RCU grace period
 * (8 and 17 ms measured here), so one handle serves both directions.
 *
 * <p>The handle is non-blocking, so pcap_next never blocks. While the harness waits for a
 * frame it must answer, the thread spins on the ring ({@link #stayAwake}); waking a sleeping
 * thread on an idle virtual CPU took 200 us and more here, longer than the kernel takes to
 * answer. Otherwise, and always after {@link #sleepOnly}, it sleeps in poll() on the handle
 * and an eventfd that close() and stayAwake() write to.
 *
 * <p>After {@link #runInRealTime}, the loop runs under SCHED_FIFO: on a loaded machine a
 * spinning thread under the normal policy soon uses up its share and waits behind every other
 * runnable thread, and a sleeping one wakes only when the scheduler gets round to it. Measured
 * on this project's 2 shared vCPUs at a load average of 17, the first reaction of {@code
 * finack run syn-retry} (median of 8 fresh processes) was 6.9 ms under the normal policy and
 * 144 us (at most 208 us) under SCHED_FIFO. While it sleeps it takes nothing from anyone.
 */
public final class Sniffer implements AutoCloseable {
    private static final String LOOPBACK = "lo";
    /** lo's MTU is 65536, plus the Ethernet header libpcap shows: whole frames. */
    public static final int SNAPLEN = 65536 + 14;
    private static final int IDLE_POLL_MILLIS = 1000;
    private static final long WAKE_LIMIT_NANOS = 20_000_000;

    private final Pointer pcap;
    private final String device;
    private final int captureFd;
    private final int wakeFd;
    private final Injector injector;
    /** pcap_next_ex's out-parameters, reused: only one thread reads the ring at a time. */
    private final PointerByReference header = new PointerByReference();
    private final PointerByReference data = new PointerByReference();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean looping;
    private volatile long spinUntil = System.nanoTime();
    private volatile boolean sleepOnly;
    private volatile boolean spinning;
    private volatile boolean realtime;
    private volatile Throwable failure;
    private boolean closed;

    private Sniffer(Pointer pcap, String device, int captureFd, int wakeFd, Injector injector) {
        this.pcap = pcap;
        this.device = device;
        this.captureFd = captureFd;
        this.wakeFd = wakeFd;
        this.injector = injector == null ? new Injector(pcap, device) : injector;
    }

    /**
     * Opens lo for capture and injection. Call on a thread inside the target namespace; then
     * start {@link #loop} on a thread of its own. Frames are held by the kernel from this
     * moment, so nothing sent after open() is missed even before the loop runs. Immediate
     * mode, because otherwise frames wait in the kernel until a block fills; nanosecond
     * timestamps, because the intervals measured are a few milliseconds.
     */
    public static Sniffer open() throws IOException {
        return open(SNAPLEN);
    }

    /**
     * As {@link #open()}, keeping the first {@code snaplen} bytes of each frame. The kernel's
     * ring holds frames in slots of the snap length, so a small one holds many more frames
     * between two reads: a loop that reads the ring itself, between bursts of its own frames.
     */
    public static Sniffer open(int snaplen) throws IOException {
        return open(snaplen, 0);
    }

    /**
     * As {@link #open(int)}, with a kernel ring of {@code bufferBytes} (0: libpcap's default,
     * 2 MiB): a capture of small frames at a high rate, read by a thread that may be kept off
     * the CPUs for a while, needs a large ring as well as a small snap length to lose none.
     */
    public static Sniffer open(int snaplen, int bufferBytes) throws IOException {
        return open(LOOPBACK, snaplen, bufferBytes, Optional.empty());
    }

    /**
     * As {@link #open(int, int)} on any interface of the calling thread's namespace ("any" for
     * all of them), with a BPF {@code filter} (tcpdump's syntax) that the kernel runs on each
     * frame before it is queued, so frames it rejects cost no copy to this process. The
     * interface is not made promiscuous and nothing about it changes: a read-only capture
     * needs CAP_NET_RAW alone.
     */
    public static Sniffer open(String device, int snaplen, int bufferBytes, Optional<String> filter)
            throws CaptureOpenException {
        return open(device, snaplen, bufferBytes, filter, null);
    }

    /**
     * As {@link #open(int, int)}, on {@code device}; frames are sent through {@code injector}
     * (which this sniffer then owns) rather than through this capture's own handle, which
     * serves on lo but on tun0 would send the frames out of the kernel's side.
     */
    public static Sniffer open(String device, int snaplen, int bufferBytes, Injector injector) throws CaptureOpenException {
        return open(device, snaplen, bufferBytes, Optional.empty(), injector);
    }

    private static Sniffer open(String device, int snaplen, int bufferBytes, Optional<String> filter, Injector injector)
            throws CaptureOpenException {
        byte[] errbuf = new byte[Libpcap.ERRBUF_SIZE];
        Pointer p = Libpcap.pcap_create(device, errbuf);
        if (p == null) {
            throw new CaptureOpenException(CaptureOpenException.Kind.OTHER, "cannot open " + device + " for capture: " + text(errbuf));
        }
        try {
            require(p, Libpcap.pcap_set_snaplen(p, snaplen), "set the snap length");
            if (bufferBytes > 0) {
                require(p, Libpcap.pcap_set_buffer_size(p, bufferBytes), "set the buffer size");
            }
            require(p, Libpcap.pcap_set_immediate_mode(p, 1), "set immediate mode");
            require(p, Libpcap.pcap_set_tstamp_precision(p, Libpcap.TSTAMP_PRECISION_NANO), "ask for nanosecond timestamps");
            activate(p, device);
            if (filter.isPresent()) {
                setFilter(p, device, filter.get());
            }
            if (Libpcap.pcap_setnonblock(p, 1, errbuf) < 0) {
                throw new CaptureOpenException(CaptureOpenException.Kind.OTHER, "cannot make the capture non-blocking: " + text(errbuf));
            }
            int fd = Libpcap.pcap_get_selectable_fd(p);
            if (fd < 0) {
                throw new CaptureOpenException(CaptureOpenException.Kind.OTHER, device + "'s capture has no selectable descriptor");
            }
            return new Sniffer(p, device, fd, Libc.C.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC), injector);
        } catch (CaptureOpenException | LastErrorException e) {
            Libpcap.pcap_close(p);
            throw e instanceof CaptureOpenException c ? c : new CaptureOpenException(CaptureOpenException.Kind.OTHER,
                    Libc.describe("eventfd", (LastErrorException) e));
        }
    }

    private static void activate(Pointer p, String device) throws CaptureOpenException {
        int status = Libpcap.pcap_activate(p);
        if (status >= 0) {
            return;  // warnings are positive (pcap_activate(3PCAP))
        }
        String why = Libpcap.pcap_geterr(p);
        throw switch (status) {
            case Libpcap.ERROR_NO_SUCH_DEVICE -> new CaptureOpenException(CaptureOpenException.Kind.NO_SUCH_DEVICE,
                    "no interface '" + device + "' in this network namespace (ip link lists them)");
            case Libpcap.ERROR_PERM_DENIED -> new CaptureOpenException(CaptureOpenException.Kind.PERMISSION,
                    "capturing on " + device + " needs CAP_NET_RAW: " + why);
            case Libpcap.ERROR_IFACE_NOT_UP -> new CaptureOpenException(CaptureOpenException.Kind.NO_SUCH_DEVICE,
                    "interface " + device + " is down");
            default -> new CaptureOpenException(CaptureOpenException.Kind.OTHER,
                    "libpcap cannot activate the capture on " + device + ": " + why + " (status " + status + ")");
        };
    }

    private static void setFilter(Pointer p, String device, String filter) throws CaptureOpenException {
        Memory program = new Memory(Libpcap.BPF_PROGRAM_SIZE);
        program.clear();
        if (Libpcap.pcap_compile(p, program, filter, 1, Libpcap.NETMASK_UNKNOWN) < 0) {
            throw new CaptureOpenException(CaptureOpenException.Kind.FILTER,
                    "the filter '" + filter + "' does not compile: " + Libpcap.pcap_geterr(p));
        }
        try {
            if (Libpcap.pcap_setfilter(p, program) < 0) {
                throw new CaptureOpenException(CaptureOpenException.Kind.OTHER,
                        "cannot attach the filter to " + device + ": " + Libpcap.pcap_geterr(p));
            }
        } finally {
            Libpcap.pcap_freecode(program);
        }
    }

    private static void require(Pointer p, int status, String what) throws CaptureOpenException {
        // Warnings are positive, errors negative (pcap_activate(3PCAP)).
        if (status < 0) {
            throw new CaptureOpenException(CaptureOpenException.Kind.OTHER,
                    "libpcap cannot " + what + ": " + Libpcap.pcap_geterr(p) + " (status " + status + ")");
        }
    }

    /** libpcap's error buffer as text: up to its NUL. */
    static String text(byte[] errbuf) {
        int end = 0;
        while (end < errbuf.length && errbuf[end] != 0) {
            end++;
        }
        return new String(errbuf, 0, end, StandardCharsets.UTF_8);
    }

    /** Sends on this capture's handle; valid until {@link #close()}. */
    public Injector injector() {
        return injector;
    }

    /** Receives each captured frame, on the capture thread, in capture order. */
    @FunctionalInterface
    public interface Listener {
        void frame(long epochNanos, byte[] raw);
    }

    /** As {@link Listener}, with the frame's length on the wire, of which the snap length kept {@code raw.length} bytes. */
    @FunctionalInterface
    public interface RecordListener {
        void record(long epochNanos, byte[] raw, int originalLength);
    }

    /** The capture's link type (a LINKTYPE_ number: 1 for Ethernet, lo's too). */
    public int linkType() {
        return Libpcap.pcap_datalink(pcap);
    }

    /** What the kernel counted so far: frames that passed the filter, and those dropped because the ring was full. */
    public record Stats(long received, long dropped, long interfaceDropped) {
    }

    /** The kernel's counts of this capture (pcap_stats). */
    public synchronized Stats stats() throws IOException {
        int[] stats = new int[3];
        if (closed || Libpcap.pcap_stats(pcap, stats) < 0) {
            throw new IOException("cannot read the capture's statistics on " + device
                    + (closed ? ": closed" : ": " + Libpcap.pcap_geterr(pcap)));
        }
        return new Stats(stats[0] & 0xffff_ffffL, stats[1] & 0xffff_ffffL, stats[2] & 0xffff_ffffL);
    }

    /**
     * Keeps the capture thread spinning, not sleeping, for the next {@code nanos}, and returns
     * once it spins: a frame the caller provokes next is then seen without a thread wake-up.
     * Waking the thread took up to a scheduler tick here, so the wait is bounded at 20 ms.
     */
    public void stayAwake(long nanos) {
        if (sleepOnly) {
            return;
        }
        long now = System.nanoTime();
        spinUntil = now + nanos;
        if (!spinning) {
            wake();
            // Also waits for a loop that has not started yet: it starts spinning at once.
            while (!spinning && !stopping && System.nanoTime() - now < WAKE_LIMIT_NANOS) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * From now on the capture thread never spins, and {@link #stayAwake} does nothing: for a
     * capture that serves several experiments at once, whose spinning would take a CPU from the
     * kernel and the experiments' own threads whenever any of them waits. On this project's
     * 2 shared vCPUs under load, two spinning captures with four experiments each ran 52-83
     * experiments/s with a median reaction of 4-12 ms; sleeping ones 147-232/s and 0.3 ms.
     */
    public void sleepOnly() {
        sleepOnly = true;
        spinUntil = System.nanoTime();
    }

    /**
     * Makes {@link #loop}, called after this, run under SCHED_FIFO (the lowest real-time
     * priority): for a capture that serves one experiment at a time, whose spinning is bounded
     * by {@link #stayAwake}. Where the policy cannot be set (no CAP_SYS_NICE, as in a container
     * by default), the loop runs under the normal policy, as without this call.
     */
    public void runInRealTime() {
        realtime = true;
    }

    /** True after {@link #runInRealTime}: the loop runs, or was asked to run, under SCHED_FIFO. */
    public boolean inRealTime() {
        return realtime;
    }

    /**
     * The capture loop: hands every frame to {@code listener} until {@link #close()}. Frames
     * are not decoded here: the listener decides what to decode, and when.
     */
    public void loop(Listener listener) {
        loop((nanos, raw, length) -> listener.frame(nanos, raw));
    }

    /** As {@link #loop(Listener)}, handing over each frame's length on the wire too. */
    public void loop(RecordListener listener) {
        looping = true;
        if (realtime) {
            try {
                ThreadScheduling.realtime(true);
            } catch (SyscallException e) {
                // Refused (no CAP_SYS_NICE): the normal policy, as documented.
            }
        }
        byte[] pollFds = pollFds();
        try {
            while (!stopping) {
                int got = next(listener);
                if (got < 0) {
                    failure = new IOException("capture on " + device + " failed: " + Libpcap.pcap_geterr(pcap));
                    return;
                } else if (got == 1) {
                    // a frame was handed over: read the next at once
                } else if (System.nanoTime() - spinUntil < 0) {
                    spinning = true;
                    Thread.onSpinWait();
                } else {
                    spinning = false;
                    sleep(pollFds);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            // The handle is free again: drain() may read what the kernel still holds.
            looping = false;
            stopped.countDown();
        }
    }

    /**
     * Hands every frame waiting in the ring to {@code listener} on the calling thread, without
     * blocking, and returns how many there were: for a single-threaded loop that provokes
     * frames and reads them itself, with no capture thread to wake. Never while {@link #loop}
     * runs.
     */
    public int drain(Listener listener) throws IOException {
        return drain((nanos, raw, length) -> listener.frame(nanos, raw), Integer.MAX_VALUE);
    }

    /**
     * As {@link #drain(Listener)}, handing over each frame's length on the wire too, and at most
     * {@code max} frames (a ring still filling at a high rate might never be empty); also once
     * {@link #loop} has stopped.
     */
    public int drain(RecordListener records, int max) throws IOException {
        if (looping) {
            throw new IllegalStateException("the capture loop owns this handle");
        }
        int frames = 0;
        int got = 0;
        while (frames < max && (got = next(records)) == 1) {
            frames++;
        }
        if (got < 0) {
            throw new IOException("capture on " + device + " failed: " + Libpcap.pcap_geterr(pcap));
        }
        return frames;
    }

    /** Reads one frame into {@code listener}: 1 a frame, 0 none waiting, negative an error. */
    private int next(RecordListener listener) {
        int got = Libpcap.pcap_next_ex(pcap, header, data);
        if (got == 1) {
            Pointer h = header.getValue();
            // struct pcap_pkthdr on LP64: timeval {sec, nsec with nanosecond precision}, caplen, len
            long nanos = h.getLong(0) * 1_000_000_000L + h.getLong(8);
            listener.record(nanos, data.getValue().getByteArray(0, h.getInt(16)), h.getInt(20));
        }
        return got;
    }

    private byte[] pollFds() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putInt(0, captureFd).putShort(4, Libc.POLLIN);
        b.putInt(8, wakeFd).putShort(12, Libc.POLLIN);
        return b.array();
    }

    private void sleep(byte[] pollFds) {
        try {
            Libc.C.poll(pollFds, 2, IDLE_POLL_MILLIS);
            Libc.C.read(wakeFd, new byte[8], 8);
        } catch (LastErrorException e) {
            // EINTR from poll, EAGAIN from the eventfd when it was not written: loop again.
        }
    }

    private void wake() {
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 1).array();
        try {
            Libc.C.write(wakeFd, one, 8);
        } catch (LastErrorException e) {
            // The counter is already non-zero: the thread will wake anyway.
        }
    }

    /** Why the loop ended other than by close(), if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops the capture loop (quickly: the loop spins or sleeps on an eventfd this wakes). No
     * frame is delivered after it returns; the handle stays open until {@link #close()}.
     */
    public synchronized void stop() {
        stopping = true;
        wake();
        try {
            if (looping && !stopped.await(2, TimeUnit.SECONDS)) {
                failure = new IOException("capture loop did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop if it runs and frees the handle: slow, since the kernel waits for RCU. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        if (looping && stopped.getCount() > 0) {
            return;  // leave the handle open rather than free it under a running loop
        }
        closed = true;
        injector.close();
        Libpcap.pcap_close(pcap);
        Libc.C.close(wakeFd);
    }
}

package io.finack.loop;

import io.finack.kernel.KernelAccount;
import io.finack.kernel.Errno;
import io.finack.kernel.KernelSocket;
import io.finack.kernel.Libc;
import io.finack.kernel.NetCounters;
import io.finack.kernel.SyscallException;
import io.finack.sandbox.NetNamespace;
import io.finack.sandbox.Sandbox;
import io.finack.sandbox.SandboxException;
import io.finack.sandbox.SandboxSpec;
import io.finack.tcp.Endpoint;
import io.finack.wire.Sniffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The kernel's own reproducer of the FIN/ACK latency spike, both ends real kernel sockets (the
 * selftest fin_ack_lat): a server accepts, reads the 4 bytes and closes; a client bound to a
 * fixed port connects, writes 4 bytes, reads the server's close and closes with SO_LINGER
 * {1, 0} (RST), again and again. A reconnect that meets the server's socket of the last
 * connection still in FIN_WAIT_2 gets the stale ACK, and its connect() waits for the SYN retry.
 *
 * <p>Every connect() is timed; one that takes longer than the threshold is slow. A slow or failed
 * connection is flagged: the capture of lo around it is kept ({@link SpikeWindows}) and searched
 * for the stale-ACK path. The capture runs for the whole loop, and the detector follows all of it
 * ({@link PathCounter}), but only the windows are kept.
 */
public final class ReconnectLoop {
    public static final String NAME = "reconnect-loop";
    public static final String SUMMARY = "two kernel sockets reconnect from one fixed port, as the kernel's selftest "
            + "fin_ack_lat: connect latency distribution, and a pcap window around every connection over the threshold";
    /** Flagged connections listed one by one; past it they are only counted (a 0 ms threshold makes every one slow). */
    public static final int MAX_FLAGGED = 10_000;
    /** The pcap's snap length: the loop's frames are at most 118 bytes (IPv6, 60 bytes of TCP header, 4 of data). */
    private static final int SNAPLEN = 256;
    /**
     * The kernel's capture ring: about 100,000 of the loop's frames, some seconds of the loop, so
     * that a capture thread kept off both CPUs for a while (a shared machine) loses none.
     */
    private static final int CAPTURE_BUFFER = 32 << 20;

    /** Longer than several SYN retransmissions at the initial RTO of 1 s. */
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(30);
    /** For the write and the server's close: both come at once on lo. */
    private static final Duration STEP_LIMIT = Duration.ofSeconds(5);
    /** How often the server looks whether the loop is over while no connection comes. */
    private static final Duration ACCEPT_POLL = Duration.ofMillis(100);
    /** How long the capture may take to hand over the last close before it is stopped. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(1);
    private static final int BACKLOG = 128;
    private static final byte[] PAYLOAD = new byte[4];

    private final LoopSpec spec;
    private final Optional<Path> outDir;
    private final LoopControl control;
    private final SpikeWindows windows;
    private final ConnectionCounter counter;
    private final PathCounter paths;
    /** Connections whose connect() sent no SYN, in order: the capture's count skips them. */
    private final List<Long> withoutSyn = new ArrayList<>();
    private final LatencyRecorder connect = new LatencyRecorder();
    private final LatencyRecorder cycle = new LatencyRecorder();
    private final Map<Long, Flagged> flagged = new HashMap<>();
    private long slowCount;
    private long failed;
    private long synsSent;
    private long lastCloseAt;

    /** Where the kernel's RSTs are traced; empty: not traced. */
    private final Optional<ResetSource> trace;
    /** The thread that connects: the SYN's receive, and the RST it gets, run in its context. */
    private int clientThread;

    private ReconnectLoop(LoopSpec spec, Optional<Path> outDir, LoopControl control,
                          Optional<ResetSource> trace) {
        this.trace = trace;
        this.spec = spec;
        this.outDir = outDir;
        this.control = control;
        this.windows = new SpikeWindows(spec.windows());
        this.counter = new ConnectionCounter(spec.client().port());
        this.paths = new PathCounter(counter::connections, windows::flagPath);
    }

    /** What a flagged connection left before its window is analysed. */
    private record Flagged(long connection, long startedAt, long endedAt, double atMillis, boolean sentSyn, boolean slow,
                           double connectMs, Optional<String> failure) {
    }

    /**
     * Runs the loop in its own sandbox and returns what it measured; {@code outDir} gets the
     * windows' pcaps (empty: none written). A sandbox or capture that cannot be set up throws.
     */
    public static LoopResult run(LoopSpec spec, Optional<Path> outDir) throws SandboxException, IOException {
        return run(spec, outDir, LoopControl.NONE);
    }

    /**
     * As {@link #run(LoopSpec, Optional)}, telling {@code control} of each connection and ending
     * early, after the connection under way, once it asks (a signal): the result then covers the
     * connections made.
     */
    public static LoopResult run(LoopSpec spec, Optional<Path> outDir, LoopControl control)
            throws SandboxException, IOException {
        return run(spec, outDir, control, Optional.empty());
    }

    /**
     * As {@link #run(LoopSpec, Optional, LoopControl)}; with {@code trace}, each refused
     * connection says which kernel socket sent its RST and why (read after the loop).
     */
    public static LoopResult run(LoopSpec spec, Optional<Path> outDir, LoopControl control,
                                 Optional<ResetSource> trace) throws SandboxException, IOException {
        ReconnectLoop loop = new ReconnectLoop(spec, outDir, control, trace);
        // No fake endpoint here: both ends are the kernel's, so the guard drops nothing.
        Sandbox sandbox = Sandbox.open(new SandboxSpec(spec.mode(), NAME + "-" + spec.family(), Set.of(), OptionalInt.empty()));
        try {
            return sandbox.namespace().call(() -> loop.runInside(sandbox.namespace()));
        } finally {
            sandbox.close();
        }
    }

    private LoopResult runInside(NetNamespace namespace) throws IOException, SandboxException, InterruptedException {
        // Read before the server starts: nothing has moved yet, and the loop starts as soon as it listens.
        Optional<NetCounters> before = counters();
        clientThread = Libc.C.gettid();
        Sniffer sniffer = Sniffer.open(SNAPLEN, CAPTURE_BUFFER);
        Server server;
        try {
            server = Server.start(namespace, spec.server());
        } catch (SyscallException | SandboxException e) {
            sniffer.close();
            throw new IOException("cannot start the server on " + spec.server() + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        long startedAt = epochNanos();
        long connections = 0;
        boolean stopped = false;
        long ended;
        Optional<NetCounters> after = Optional.empty();
        try {
            namespace.startThread(() -> sniffer.loop((nanos, raw) -> {
                counter.frame(raw);
                windows.frame(nanos, raw);
                paths.frame(nanos, raw);
            }), "capture-" + NAME);
            while (!spec.limit().reached(connections, System.nanoTime() - started)) {
                if (control.stopRequested()) {
                    stopped = true;
                    break;
                }
                connections++;
                connectOnce(connections, started);
                control.progress(connections, System.nanoTime() - started);
            }
            ended = System.nanoTime();
            windows.awaitCaptured(lastCloseAt, DRAIN_LIMIT);
            after = before.isPresent() ? counters() : Optional.empty();
        } finally {
            sniffer.stop();
            try {
                server.stop();
            } finally {
                sniffer.close();
            }
        }
        double wallMs = (ended - started) / 1e6;
        if (sniffer.failure().isPresent()) {
            throw new IOException("the capture failed: " + sniffer.failure().get().getMessage(), sniffer.failure().get());
        }
        windows.finish();
        paths.finish();
        List<FlaggedConnection> flaggedConnections = flaggedConnections();
        List<PathEntry> pathEntries = pathEntries(startedAt);
        List<SpikeEvidence> written = new ArrayList<>();
        flaggedConnections.forEach(f -> f.evidence().ifPresent(written::add));
        pathEntries.forEach(p -> p.evidence().ifPresent(written::add));
        return new LoopResult(spec, connections, synsSent, stopped, failed, connect.millis(), cycle.millis(), wallMs, windows.frames(),
                counter.connections(), paths.verdicts(), paths.rstToRetry().millis(), pathEntries, server.errors(),
                flaggedConnections, slowCount, windows.notKept(), pcapBytes(written),
                after.map(a -> new KernelAccount.Counters(KernelAccount.Scope.JOB, 0,
                        before.get().deltaTo(a))));
    }

    /** The loop's namespace's counters (read on its thread); empty when unreadable. */
    private static Optional<NetCounters> counters() {
        try {
            return Optional.of(NetCounters.read());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One connection, start to close. */
    private void connectOnce(long n, long loopStarted) {
        long began = System.nanoTime();
        long startedAt = epochNanos();
        long connectNanos = -1;
        boolean isSlow = false;
        boolean sentSyn = false;
        Optional<String> failure = Optional.empty();
        KernelSocket socket = null;
        try {
            socket = KernelSocket.open(spec.family());
            socket.reuseAddress(true);
            socket.linger(true, 0);
            socket.set(io.finack.kernel.IntOption.TCP_NODELAY, 1);
            socket.bind(spec.client());
            socket.nonBlocking(true);
            long connectStart = System.nanoTime();
            // connect() sends the SYN, unless it fails at once (EADDRNOTAVAIL: the 4-tuple still in use).
            boolean inProgress = socket.connect(spec.server());
            sentSyn = true;
            if (inProgress && !socket.connectedWithin(spec.threshold())) {
                // Still connecting: the window opens now, while the ring holds what came before.
                windows.flag(n, startedAt);
                socket.awaitConnected(CONNECT_LIMIT);
            }
            connectNanos = System.nanoTime() - connectStart;
            // On lo the handshake often completes inside connect(), so a threshold shorter than
            // that call is only passed here.
            isSlow = connectNanos > spec.threshold().toNanos();
            if (isSlow) {
                windows.flag(n, startedAt);
            }
            connect.record(connectNanos);
            socket.write(PAYLOAD);
            byte[] got = socket.read(PAYLOAD.length, STEP_LIMIT);
            if (got.length != 0) {
                failure = Optional.of("read " + got.length + " bytes where the server's close was due");
            }
            cycle.record(System.nanoTime() - began);
        } catch (SyscallException e) {
            failure = Optional.of(e.getMessage());
        } finally {
            if (failure.isPresent()) {
                // The ring still holds the failed connection's frames: keep them.
                windows.flag(n, startedAt);
            }
            lastCloseAt = epochNanos();
            if (socket != null) {
                try {
                    socket.close();
                } catch (SyscallException e) {
                    failure = failure.or(() -> Optional.of(e.getMessage()));
                }
            }
        }
        long endedAt = epochNanos();
        windows.ended(n, endedAt);
        slowCount += isSlow ? 1 : 0;
        synsSent += sentSyn ? 1 : 0;
        if (!sentSyn && withoutSyn.size() < MAX_FLAGGED) {
            withoutSyn.add(n);
        }
        failed += failure.isPresent() ? 1 : 0;
        if ((isSlow || failure.isPresent()) && flagged.size() < MAX_FLAGGED) {
            flagged.put(n, new Flagged(n, startedAt, endedAt, (began - loopStarted) / 1e6, sentSyn, isSlow,
                    connectNanos < 0 ? Double.NaN : connectNanos / 1e6, failure));
        }
    }

    private List<PathEntry> pathEntries(long loopStartedAt) throws IOException {
        Map<Long, SpikeWindow> pathWindows = new HashMap<>();
        windows.windows().stream().filter(SpikeWindow::path).forEach(w -> pathWindows.put(w.connection(), w));
        List<PathEntry> entries = new ArrayList<>();
        for (PathCounter.Entered e : paths.entered()) {
            long connection = connectionNumber(e.connectionsSeen(), withoutSyn);
            SpikeWindow w = pathWindows.get(e.connectionsSeen());
            Optional<SpikeEvidence> evidence = w == null ? Optional.empty() : Optional.of(
                    SpikeEvidence.of(w, e.synEpochNanos(), e.epochNanos(), pcapFile("path", connection)));
            entries.add(new PathEntry(connection, (e.epochNanos() - loopStartedAt) / 1e6, e.finding(), evidence));
        }
        return entries;
    }

    /**
     * The loop's number of the {@code seen}-th connection the capture saw begin: the capture
     * counts only connections that sent a SYN, so each one before it that sent none (the
     * ascending {@code withoutSyn}) moves it one further.
     */
    static long connectionNumber(long seen, List<Long> withoutSyn) {
        long connection = seen;
        for (long skipped : withoutSyn) {
            if (skipped <= connection) {
                connection++;
            }
        }
        return connection;
    }

    private List<FlaggedConnection> flaggedConnections() throws IOException {
        Map<Long, SpikeEvidence> evidence = new HashMap<>();
        for (SpikeWindow w : windows.windows()) {
            Flagged s = w.path() ? null : flagged.get(w.connection());
            if (s != null) {
                evidence.put(w.connection(), SpikeEvidence.of(w, s.startedAt(), s.endedAt(), pcapFile("conn", w.connection())));
            }
        }
        List<FlaggedConnection> list = new ArrayList<>();
        for (Flagged s : flagged.values().stream().sorted(Comparator.comparingLong(Flagged::connection)).toList()) {
            list.add(new FlaggedConnection(s.connection(), s.atMillis(), s.sentSyn(), s.slow(), s.connectMs(), s.failure(),
                    Optional.ofNullable(evidence.get(s.connection())), refusedBy(s)));
        }
        return list;
    }

    /** The RST the server's side sent the connection's SYN, for a connect() refused. */
    private Optional<KernelAccount.Reset> refusedBy(Flagged s) throws IOException {
        if (trace.isEmpty() || s.failure().isEmpty() || !s.sentSyn()) {
            return Optional.empty();
        }
        return trace.get().before(spec.server(), Set.of(clientThread), s.endedAt(), s.endedAt() - s.startedAt());
    }

    /** {@code kind}: "conn" for a flagged connection's window, "path" for one the detector opened. */
    private Optional<Path> pcapFile(String kind, long connection) throws IOException {
        if (outDir.isEmpty()) {
            return Optional.empty();
        }
        Files.createDirectories(outDir.get());
        return Optional.of(outDir.get().resolve(String.format(Locale.ROOT, "%s-%s-%s-%06d.pcap", NAME, spec.family(),
                kind, connection)));
    }

    private static long pcapBytes(List<SpikeEvidence> windows) throws IOException {
        long bytes = 0;
        for (SpikeEvidence e : windows) {
            if (e.pcap().isPresent()) {
                bytes += Files.size(e.pcap().get());
            }
        }
        return bytes;
    }

    /** What the loop does, call by call, in the notation of {@code finack show}. */
    public static String describe(Endpoint.Family family) {
        String af = family == Endpoint.Family.IPV4 ? "AF_INET" : "AF_INET6";
        Endpoint server = new Endpoint(family.loopback(), LoopSpec.SERVER_PORT);
        Endpoint client = new Endpoint(family.loopback(), LoopSpec.CLIENT_PORT);
        return String.join("\n",
                "// server, on a thread of its own:",
                "socket(" + af + ", SOCK_STREAM) = 3",
                "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1])",
                "bind(3, " + server + ")",
                "listen(3, " + BACKLOG + ")",
                "// then again and again: accept(3) = 4, read(4, 4 bytes), close(4)   (the server closes first: FIN)",
                "// client, for each connection (--connections N, default 10000, or --duration T):",
                "socket(" + af + ", SOCK_STREAM) = 5",
                "setsockopt(5, SOL_SOCKET, SO_REUSEADDR, [1])",
                "setsockopt(5, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0})   // close() sends RST",
                "setsockopt(5, IPPROTO_TCP, TCP_NODELAY, [1])",
                "bind(5, " + client + ")   // the same port every time",
                "connect(5, " + server + ")   // timed: slow past --threshold (default "
                        + LoopSpec.DEFAULT_THRESHOLD.toMillis() + " ms)",
                "write(5, 4 bytes)",
                "read(5) = 0   // the server's FIN",
                "close(5)   // RST",
                "");
    }

    /** The capture's clock: CLOCK_REALTIME, in which the kernel stamps captured frames. */
    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The server's side: accept, read the 4 bytes, close; on a thread of its own in the namespace. */
    private static final class Server {
        private final KernelSocket listener;
        private volatile boolean stopping;
        private volatile long errors;
        private Thread thread;

        private Server(KernelSocket listener) {
            this.listener = listener;
        }

        /** Call on the namespace's thread: the listener is made there. */
        static Server start(NetNamespace namespace, Endpoint address) throws SyscallException, SandboxException {
            KernelSocket listener = KernelSocket.open(address.family());
            try {
                listener.reuseAddress(true);
                listener.bind(address);
                listener.listen(BACKLOG);
            } catch (SyscallException e) {
                listener.close();
                throw e;
            }
            Server server = new Server(listener);
            server.thread = namespace.startThread(server::serve, "server-" + NAME);
            return server;
        }

        private void serve() {
            while (!stopping) {
                KernelSocket accepted;
                try {
                    accepted = listener.accept(ACCEPT_POLL);
                } catch (SyscallException e) {
                    if (e.errno() != Errno.ETIMEDOUT.number()) {
                        errors++;
                    }
                    continue;
                }
                try {
                    accepted.read(PAYLOAD.length, STEP_LIMIT);
                } catch (SyscallException e) {
                    errors++;
                } finally {
                    try {
                        accepted.close();
                    } catch (SyscallException e) {
                        errors++;
                    }
                }
            }
        }

        long errors() {
            return errors;
        }

        void stop() throws InterruptedException {
            stopping = true;
            thread.join();
            try {
                listener.close();
            } catch (SyscallException e) {
                errors++;
            }
        }
    }
}

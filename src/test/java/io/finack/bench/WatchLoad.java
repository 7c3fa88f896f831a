package io.finack.bench;

import io.finack.cli.Main;
import io.finack.sandbox.NetNamespace;
import io.finack.testing.Commands;
import io.finack.wire.PacketSocket;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The load generator of {@code finack watch}'s benchmark (scripts/bench-watch; not a test):
 * in a network namespace of its own, it starts {@code finack watch} on lo as a child JVM, then
 * sends TCP frames onto lo through a packet socket at a fixed rate for a fixed time: ordinary
 * connections over 127.0.0.0/8 (SYN, SYN/ACK, ACK, request, ACK, FIN, FIN, ACK), one in every
 * {@link #PATH_EVERY} a stale ACK -> RST -> SYN retry chain instead. The frames are addressed to
 * a MAC that is not lo's, so the kernel drops them before IP (nothing answers them) while the
 * capture still sees each one once. It reads the child's CPU time (/proc) over the send, then
 * stops it with SIGINT and prints, per rate, what was sent, what watch counted and dropped,
 * the chains it found, and its CPU.
 *
 * <p>The sender, one thread through JNA on a shared machine, may be slower than watch. So a
 * rate of {@code -N} measures watch alone instead: watch is stopped (SIGSTOP) while N frames
 * fill its kernel ring, then continued; it reads the backlog as fast as it can, and the CPU it
 * took for those frames gives the frames a second one core of it keeps up with.
 *
 * <p>Usage: {@code WatchLoad SECONDS RATE...} (frames a second; 0: as fast as one thread sends;
 * -N: a backlog of N frames).
 */
public final class WatchLoad {
    private static final int PATH_EVERY = 100;
    private static final long CLOCK_TICKS = 100;   // USER_HZ, for /proc/PID/stat

    private final byte[] frame = new byte[128];
    private long sent;
    private long connections;
    private long chains;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: WatchLoad SECONDS RATE...");
            System.exit(2);
        }
        double seconds = Double.parseDouble(args[0]);
        System.out.println("rate_asked  sent  sent_per_s  watch_frames  dropped  chains_sent  chains_found  watch_cpu_percent");
        for (int i = 1; i < args.length; i++) {
            long rate = Long.parseLong(args[i]);
            try (NetNamespace ns = NetNamespace.createFresh("watch-load")) {
                ns.linkUp("lo");
                System.out.println(ns.call(() -> new WatchLoad().run(seconds, rate)));
            }
        }
    }

    private String run(double seconds, long rate) throws Exception {
        Path dir = Files.createTempDirectory("finack-watch-load");
        Path out = dir.resolve("watch.out");
        // SIGINT's default restored: a benchmark run from a background job inherits it ignored.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "watch", "--interval", "3600", "tcp"));
        Process watch = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(dir.resolve("watch.err").toFile()).start();
        try {
            while (!Files.readString(dir.resolve("watch.err")).contains("capturing on")) {
                if (!watch.isAlive()) {
                    throw new IllegalStateException("watch exited: " + Files.readString(dir.resolve("watch.err")));
                }
                Thread.sleep(50);
            }
            // Past the JIT's first compilations: a short warm-up at the same rate, not measured.
            try (PacketSocket socket = PacketSocket.openLoopback()) {
                if (rate < 0) {
                    return backlog(socket, watch, out, -rate);
                }
                send(socket, Math.min(1.0, seconds / 5), rate);
                Thread.sleep(1000);
                long cpu0 = cpuTicks(watch.pid());
                long t0 = System.nanoTime();
                long before = sent;
                send(socket, seconds, rate);
                long wall = System.nanoTime() - t0;
                long measured = sent - before;
                // What watch still holds in the ring is read within a moment of the last frame.
                Thread.sleep(1000);
                long cpu = cpuTicks(watch.pid()) - cpu0;
                Commands.run("kill", "-INT", Long.toString(watch.pid()));
                watch.waitFor(60, TimeUnit.SECONDS);
                String last = Files.readAllLines(out).stream().filter(l -> l.contains("final summary")).findFirst().orElse("");
                long frames = number(last, "summary: ", " frames");
                long dropped = number(last, "frames, ", " dropped");
                long found = number(last, "FAST_RETRY ", ",") + number(last, "RTO_RETRY ", ",");
                return String.format(Locale.ROOT, "%10d  %d  %.0f  %d  %d  %d  %d  %.1f", rate, sent, measured / (wall / 1e9),
                        frames, dropped, chains, found, 100.0 * cpu / CLOCK_TICKS / ((wall + 1e9) / 1e9));
            }
        } finally {
            watch.destroyForcibly().waitFor();
        }
    }

    /** Frames sent while watch is stopped, then read by it at full speed: its CPU per frame. */
    private String backlog(PacketSocket socket, Process watch, Path out, long frames) throws Exception {
        // Long enough for the JIT's optimising compiles to be done: it is watch's steady state that is measured.
        send(socket, 10.0, 20_000);
        Thread.sleep(1000);
        Commands.run("kill", "-STOP", Long.toString(watch.pid()));
        long cpu0 = cpuTicks(watch.pid());
        long before = sent;
        while (sent - before < frames) {
            connection(socket);
        }
        Commands.run("kill", "-CONT", Long.toString(watch.pid()));
        // Done once its CPU time stands still for a second.
        long cpu = cpuTicks(watch.pid());
        long previous;
        do {
            previous = cpu;
            Thread.sleep(1000);
            cpu = cpuTicks(watch.pid());
        } while (cpu - previous > 2);
        long ticks = cpu - cpu0;
        Commands.run("kill", "-INT", Long.toString(watch.pid()));
        watch.waitFor(60, TimeUnit.SECONDS);
        String last = Files.readAllLines(out).stream().filter(l -> l.contains("final summary")).findFirst().orElse("");
        long counted = number(last, "summary: ", " frames") - (before - 0);
        return String.format(Locale.ROOT, "backlog %d frames: watch read %d of them, dropped %d, chains %d of %d; %.2f s CPU "
                        + "(+-0.01 s), %.0f frames per CPU-second",
                sent - before, counted, number(last, "frames, ", " dropped"),
                number(last, "FAST_RETRY ", ",") + number(last, "RTO_RETRY ", ","), chains, ticks / (double) CLOCK_TICKS,
                counted / (ticks / (double) CLOCK_TICKS));
    }

    private static long number(String line, String before, String after) {
        int at = line.indexOf(before);
        if (at < 0) {
            return -1;
        }
        int start = at + before.length();
        return Long.parseLong(line.substring(start, line.indexOf(after, start)).strip());
    }

    /** utime + stime of the process, in clock ticks. */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Sends for {@code seconds} at {@code rate} frames a second (0: unpaced), a connection at a time. */
    private void send(PacketSocket socket, double seconds, long rate) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long first = sent;
        while (System.nanoTime() < end) {
            connection(socket);
            if (rate > 0) {
                long due = start + (long) ((sent - first) * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private void connection(PacketSocket socket) throws Exception {
        long n = connections++;
        int client = 0x7f00_0000 | (int) (2 + n % 60_000);   // 127.0.x.y, never 127.0.0.1
        int port = 1024 + (int) (n % 50_000);
        int server = 0x7f00_0001;
        long isn = n * 7919 & 0xffff_ffffL;
        long sisn = n * 104729 & 0xffff_ffffL;
        if (n % PATH_EVERY == 0) {
            tcp(socket, client, port, server, 0x02, isn, 0, 0);
            tcp(socket, server, port, client, 0x10, 1, 5, 0);            // the stale ACK
            tcp(socket, client, port, server, 0x04, 5, 0, 0);            // the RST, seq = its ack
            tcp(socket, client, port, server, 0x02, isn, 0, 0);          // the SYN retry
            chains++;
        } else {
            tcp(socket, client, port, server, 0x02, isn, 0, 0);
        }
        tcp(socket, server, port, client, 0x12, sisn, isn + 1, 0);
        tcp(socket, client, port, server, 0x10, isn + 1, sisn + 1, 0);
        tcp(socket, client, port, server, 0x18, isn + 1, sisn + 1, 40);
        tcp(socket, server, port, client, 0x10, sisn + 1, isn + 41, 0);
        tcp(socket, client, port, server, 0x11, isn + 41, sisn + 1, 0);
        tcp(socket, server, port, client, 0x11, sisn + 1, isn + 42, 0);
        tcp(socket, client, port, server, 0x10, isn + 42, sisn + 2, 0);
    }

    /** One Ethernet/IPv4/TCP frame, the server's port 4242, the other end {@code port}. */
    private void tcp(PacketSocket socket, int from, int port, int to, int flags, long seq, long ack, int payload) throws Exception {
        boolean fromServer = from == 0x7f00_0001;
        int length = 14 + 20 + 20 + payload;
        ByteBuffer f = ByteBuffer.wrap(frame);
        f.putInt(0x0200_0000).putShort((short) 1).putInt(0x0200_0000).putShort((short) 2).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload)).putInt(0x0000_4000).put((byte) 64).put((byte) 6)
                .putShort((short) 0).putInt(from).putInt(to);
        f.putShort((short) (fromServer ? 4242 : port)).putShort((short) (fromServer ? port : 4242))
                .putInt((int) seq).putInt((int) ack).put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0);
        socket.send(frame, length);
        sent++;
    }
}

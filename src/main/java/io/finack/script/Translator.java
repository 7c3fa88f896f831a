package io.finack.script;

import io.finack.experiment.IcmpTemplate;
import io.finack.experiment.Plan;
import io.finack.experiment.SegmentPattern;
import io.finack.experiment.SegmentTemplate;
import io.finack.experiment.Step;
import io.finack.experiment.Timeline;
import io.finack.experiment.Timing;
import io.finack.experiment.Tolerance;
import io.finack.python.PythonBlock;
import io.finack.syscall.Line;
import io.finack.syscall.NotationException;
import io.finack.syscall.SocketCall;
import io.finack.syscall.Syscalls;
import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.SeqNum;
import io.finack.wire.IcmpCodec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a script into a plan for one address family. {@code ...} in bind() is the kernel's
 * endpoint and in connect() the harness's: a script that listens gets the kernel on port 8080
 * (packetdrill's bind port) and the harness on 40000; one that connects, the kernel on 40000
 * and the harness on 8080. A system call line is read by its call's class, through the table
 * of {@link Syscalls}; lines the runner cannot do as written (a call finack does not run, an
 * address other than {@code ...}) are refused here, at their line.
 */
public final class Translator {
    static final int LISTENER_PORT = 8080;
    static final int CONNECTOR_PORT = 40000;
    /** packetdrill's tun device MTU, which its scripts' MSS values assume. */
    public static final int DEFAULT_MTU = 1500;
    private static final int IPV6_EXTRA_HEADER = 20;
    /** How long a {@code *} frame, a blocking accept() or read(), and a socket state may take. */
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration STATE_WAIT = Duration.ofSeconds(1);

    /** What the command line sets over a script's own {@code --} settings. */
    public record Overrides(OptionalLong toleranceMicros, OptionalDouble tolerancePercent, OptionalInt mtu) {
        public static final Overrides NONE = new Overrides(OptionalLong.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    private final Script script;
    private final Endpoint kernel;
    private final Endpoint harness;
    private final Path directory;
    /** packetdrill's addresses on finack's tun0; empty: the script runs on lo, as finack's own do. */
    private final Optional<AddressMap> addresses;
    /** packetdrill's sockets, followed line by line for the numbering of each packet line. */
    private final ScriptSockets sockets = new ScriptSockets();

    private Translator(Script script, Endpoint kernel, Endpoint harness, Path directory, Optional<AddressMap> addresses) {
        this.script = script;
        this.directory = directory;
        this.kernel = kernel;
        this.harness = harness;
        this.addresses = addresses;
    }

    private static boolean listens(Script script) {
        return script.events().stream().anyMatch(e -> e.action() instanceof Action.Syscall call && call.name().equals("listen"));
    }

    /** packetdrill's options that act on its tun0 and its command line: {@code finack packetdrill}'s, not lo's. */
    private static final Set<String> PACKETDRILL_ONLY = Set.of("ip_version", "local_ip", "remote_ip", "gateway_ip",
            "netmask_ip", "bind_port", "connect_port", "dry_run", "verbose", "mss");

    /** The plan on lo; {@code directory} is where backtick commands run (the script's folder). */
    public static Plan plan(Script script, Endpoint.Family family, Overrides overrides, Path directory)
            throws ScriptParseException {
        for (Script.Setting s : script.settings()) {
            if (PACKETDRILL_ONLY.contains(s.name())) {
                throw new ScriptParseException(s.line(), 1, "option --" + s.name() + " acts on packetdrill's tun0: run the "
                        + "script with finack packetdrill (finack run FILE.pkt runs it on lo, in --family's family)");
            }
        }
        boolean listens = listens(script);
        return new Translator(script, new Endpoint(family.loopback(), listens ? LISTENER_PORT : CONNECTOR_PORT),
                new Endpoint(family.loopback(), listens ? CONNECTOR_PORT : LISTENER_PORT), directory, Optional.empty())
                .plan(overrides);
    }

    /**
     * The plan as packetdrill runs the script: on tun0 (see {@link AddressMap}), in the variant
     * its {@code --ip_version} setting names (ipv4 when none), its ports from {@code --bind_port}
     * and {@code --connect_port} (8080), the MTU exactly its {@code --mtu} (1500).
     */
    public static Plan packetdrillPlan(Script script, Path directory) throws ScriptParseException {
        Translator settings = new Translator(script, null, null, directory, Optional.empty());
        Variant variant = settings.setting("ip_version").flatMap(Variant::parse).orElse(Variant.IPV4);
        AddressMap map;
        try {
            map = AddressMap.of(variant, settings.setting("local_ip"), settings.setting("remote_ip"),
                    settings.setting("gateway_ip"), settings.setting("netmask_ip"));
        } catch (IllegalArgumentException e) {
            throw new ScriptParseException(settings.settingLine("local_ip"), 1, e.getMessage());
        }
        boolean listens = listens(script);
        int bindPort = settings.setting("bind_port").map(Integer::parseInt).orElse(LISTENER_PORT);
        int connectPort = settings.setting("connect_port").map(Integer::parseInt).orElse(LISTENER_PORT);
        Endpoint kernel = map.endpoint(map.kernel(), listens ? bindPort : CONNECTOR_PORT);
        Endpoint harness = map.endpoint(map.harness(), listens ? CONNECTOR_PORT : connectPort);
        return new Translator(script, kernel, harness, directory, Optional.of(map)).plan(Overrides.NONE);
    }

    private Plan plan(Overrides overrides) throws ScriptParseException {
        List<Step> steps = new ArrayList<>();
        List<Timing> timings = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        // packetdrill's --init_scripts: commands run before the script, each of which must succeed.
        for (String command : setting("init_scripts").map(v -> List.of(v.split(","))).orElse(List.of())) {
            steps.add(new Step.Shell(command, directory));
            timings.add(new Timing.At(new io.finack.experiment.TimePoint(true, 0)));
            sources.add(script.name() + ".pkt:" + settingLine("init_scripts"));
        }
        for (Event event : script.events()) {
            steps.add(step(event));
            timings.add(event.timing());
            sources.add(script.name() + ".pkt:" + event.line());
        }
        long micros = overrides.toleranceMicros().orElse(setting("tolerance_usecs").map(Long::parseLong)
                .orElse(Tolerance.DEFAULT.micros()));
        double percent = overrides.tolerancePercent().orElse(setting("tolerance_percent").map(Double::parseDouble)
                .orElse(Tolerance.DEFAULT.percent()));
        int mtu = overrides.mtu().orElse(setting("mtu").map(Integer::parseInt).orElse(DEFAULT_MTU));
        // packetdrill runs its --init_scripts, then a script's untimed first backtick line, before time 0.
        int initScripts = steps.size() - script.events().size();
        int preamble = initScripts
                + (int) script.events().stream().takeWhile(e -> e.action() instanceof Action.Shell s && s.init()).count();
        Timeline timeline = new Timeline(timings, sources, new Tolerance(micros, percent), preamble);
        if (addresses.isPresent()) {
            // packetdrill's --mss: the segment size of injected packets longer than it.
            java.util.OptionalInt segmentSize = setting("mss").map(v -> java.util.OptionalInt.of(Integer.parseInt(v)))
                    .orElse(java.util.OptionalInt.empty());
            Plan.Link tun0 = new Plan.Link(mtu, Optional.of(addresses.get().tun0(mtu)), addresses.get().variant().sockets(),
                    segmentSize);
            return new Plan(script.name(), kernel, harness, steps, Optional.of(timeline), Optional.of(tun0));
        }
        if (mtu < 1280 || mtu > 65516) {
            throw new ScriptParseException(1, 1, "MTU " + mtu + " is outside 1280 to 65516 (below 1280 lo has no IPv6; IPv6 runs add 20)");
        }
        // The IPv6 header is 20 bytes longer: lo gets as much more, so that the kernel's MSS is
        // the same on both families and one script serves both.
        int loMtu = kernel.ipv6() ? mtu + IPV6_EXTRA_HEADER : mtu;
        return new Plan(script.name(), kernel, harness, steps, Optional.of(timeline), Optional.of(new Plan.Link(loMtu)));
    }

    private Optional<String> setting(String name) {
        return script.settings().stream().filter(s -> s.name().equals(name)).map(Script.Setting::value)
                .reduce((first, second) -> second);
    }

    /** The line of the setting in force, 1 when none (or the command line's) is. */
    private int settingLine(String name) {
        return script.settings().stream().filter(s -> s.name().equals(name)).map(Script.Setting::line)
                .reduce((first, second) -> second).filter(l -> l > 0).orElse(1);
    }

    private Step step(Event event) throws ScriptParseException {
        Action action = event.action();
        if (action instanceof Action.Packet packet) {
            return packet(event, packet);
        } else if (action instanceof Action.Icmp icmp) {
            return icmp(icmp);
        } else if (action instanceof Action.Syscall call) {
            sockets.syscall(call);
            return new Step.Call(call(event, call), Optional.of(call.result()));
        } else if (action instanceof Action.Shell shell) {
            return new Step.Shell(addresses.map(m -> m.substitute(shell.command())).orElse(shell.command()), directory);
        } else if (action instanceof Action.State state) {
            return new Step.ExpectState(state.state(), STATE_WAIT);
        } else if (action instanceof Action.Observe) {
            return new Step.ObserveState();
        } else if (action instanceof Action.PathVerdict verdict) {
            return new Step.CheckVerdict(verdict.verdict());
        } else if (action instanceof Action.Python python) {
            return new Step.Python(new PythonBlock(python.code(), script.name() + ".pkt", python.firstLine()), directory);
        }
        throw new IllegalStateException("no translation for " + action);
    }

    /** packetdrill's --tcp_ts_tick_usecs (0: TS values unchecked), read from the script's settings. */
    private int tsTickMicros() throws ScriptParseException {
        Optional<String> tick = setting("tcp_ts_tick_usecs");
        if (tick.isPresent() && Long.parseLong(tick.get()) > 1_000_000) {
            throw new ScriptParseException(1, 1, "bad --tcp_ts_tick_usecs: " + tick.get() + " (0 to 1000000)");
        }
        return tick.map(Integer::parseInt).orElse(0);
    }

    /**
     * An ICMP error line: its type and code names are resolved for this run's family, as
     * packetdrill does; names the family does not have fail the line when it runs.
     */
    private Step icmp(Action.Icmp icmp) {
        Optional<IcmpCodec.TypeCode> typeCode = Optional.empty();
        String invalid = "";
        try {
            IcmpCodec.TypeCode resolved = IcmpCodec.resolve(kernel.ipv6(), icmp.type(), icmp.code());
            if (icmp.mtu() >= 0) {
                IcmpCodec.checkMtu(kernel.ipv6(), resolved, icmp.mtu());
            }
            typeCode = Optional.of(resolved);
        } catch (IllegalArgumentException e) {
            invalid = e.getMessage() + " (on " + (kernel.ipv6() ? "IPv6" : "IPv4") + ")";
        }
        return new Step.InjectIcmp(new IcmpTemplate(icmp.toString(), typeCode, invalid, icmp.mtu(), icmp.echoId(),
                icmp.quotedStart(), icmp.quotedLength(), icmp.ip()));
    }

    /**
     * A packet line, its numbers mapped as packetdrill maps them ({@link ScriptSockets}): the
     * peer's seq, and the ack of its SYN segments, are made the harness's wire numbers here; the
     * kernel's are left to the run, which learns the kernel's ISN.
     */
    private Step packet(Event event, Action.Packet packet) throws ScriptParseException {
        boolean syn = packet.flags().syn();
        if (packet.direction() == Action.Direction.INBOUND) {
            if (packet.options().isEmpty()) {
                throw error(event, "<...> matches a kernel segment's options; an injected segment needs them spelled out");
            }
            ScriptSockets.Origins origins = sockets.inbound(packet);
            long seq = SeqNum.add(packet.start(), syn ? 0 : origins.peerIsn());
            // As in packetdrill, an ACK flag without "ack N" sends ack 0: the kernel's ISN.
            long ack = packet.ack().orElse(0) - (syn ? origins.kernelIsn() : 0);
            return new Step.Inject(new SegmentTemplate(packet.flags(), seq, ack,
                    packet.window().orElse(SegmentTemplate.DEFAULT_WINDOW), packet.options().get(), packet.length(),
                    packet.ip(), setting("tcp_ts_ecr_scaled").isPresent(), packet.urgentPointer()));
        }
        ScriptSockets.Origins origins = sockets.outbound(packet);
        SegmentPattern pattern = SegmentPattern.of(packet.flags()).payloadLength(packet.length()).ip(packet.ip())
                .tsTickMicros(tsTickMicros()).aggregating(setting("strict_segments").isEmpty())
                .origins(syn ? origins.kernelIsn() : 0, syn ? 0 : origins.peerIsn()).urgentPointer(packet.urgentPointer());
        if (!packet.anySequence()) {
            pattern = pattern.seq(packet.start());
        }
        // As in packetdrill, a line without "ack N" expects the ack field zero.
        pattern = pattern.ack(packet.ack().orElse(0));
        if (packet.window().isPresent()) {
            pattern = pattern.window(packet.window().getAsInt());
        }
        if (packet.options().isPresent()) {
            pattern = pattern.options(packet.options().get());
        }
        return new Step.Expect(packet.note().orElseGet(() -> name(packet)), pattern, WAIT);
    }

    /** What a kernel segment without a note is, in words, for reports: "SYN/ACK", "FIN/ACK", "data". */
    private static String name(Action.Packet packet) {
        Flags flags = packet.flags();
        if (packet.length() > 0) {
            return "data";
        }
        String base = flags.syn() ? "SYN" : flags.fin() ? "FIN" : flags.rst() ? "RST" : "ACK";
        return flags.ack() && !base.equals("ACK") ? base + "/ACK" : base;
    }

    /** A call line through the table of calls: ... stands for the endpoints finack supplies. */
    private SocketCall call(Event event, Action.Syscall call) throws ScriptParseException {
        try {
            return Syscalls.parse(new Line(call.name(), call.arguments(), call.result(), kernel, harness, this::mapped));
        } catch (NotationException e) {
            throw error(event, e.getMessage());
        }
    }

    private static final Set<String> PACKETDRILL_ADDRESSES = Set.of("192.168.0.1", "192.0.2.1", "127.0.0.1",
            "fd3d:a0b:17d6::1", "fd3d:0a0b:17d6::1", "fd3d:fa7b:d17d::1", "::1");

    /**
     * Whether a script's socket address (inet_addr("...") in bind, connect, accept) is one
     * finack maps onto its endpoints: on tun0 an address of the address map, on lo packetdrill's
     * own (its local 192.168.0.1 or fd3d:a0b:17d6::1, its remote 192.0.2.1 or
     * fd3d:fa7b:d17d::1) or a loopback address.
     */
    private boolean mapped(String address) {
        return addresses.map(m -> m.role(address).isPresent()).orElse(PACKETDRILL_ADDRESSES.contains(address));
    }

    private static ScriptParseException error(Event event, String reason) {
        return new ScriptParseException(event.line(), event.column(), reason);
    }
}

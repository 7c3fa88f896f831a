package io.finack.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The network namespace an experiment runs in, set up for injection on lo: lo up (fresh
 * namespace), the IPv4 settings of lo that let an injected 127.0.0.0/8 frame reach TCP, and a
 * guard that keeps the kernel from answering for the fake endpoints. {@link #close()} undoes it
 * all, newest first: a fresh namespace simply ends, taking everything in it along; in the
 * caller's own namespace each change is undone, and JVM exit (SIGINT, SIGTERM) undoes them too.
 */
public final class Sandbox implements AutoCloseable {
    /**
     * Without both, the kernel drops an injected 127.0.0.0/8 frame before TCP (PLATFORM.md).
     * lo's own values suffice: the kernel ORs each with its {@code all} value, which finack
     * leaves alone.
     */
    private static final List<LinkConf.Ipv4> LOOPBACK_SETTINGS =
            List.of(LinkConf.Ipv4.ROUTE_LOCALNET, LinkConf.Ipv4.ACCEPT_LOCAL);

    private final NetNamespace namespace;
    private final LinkConf lo;
    private final NftGuard guard;
    private final CleanupRegistry teardown;
    private final Optional<Tun0> tun0;

    private Sandbox(NetNamespace namespace, LinkConf lo, NftGuard guard, CleanupRegistry teardown, Optional<Tun0> tun0) {
        this.namespace = namespace;
        this.tun0 = tun0;
        this.lo = lo;
        this.guard = guard;
        this.teardown = teardown;
    }

    /** Builds the sandbox; if a step fails, the steps before it are undone before this throws. */
    public static Sandbox open(SandboxSpec spec) throws SandboxException {
        CleanupRegistry teardown = new CleanupRegistry();
        try {
            boolean fresh = spec.mode() == SandboxSpec.Mode.FRESH;
            NetNamespace namespace = fresh ? NetNamespace.createFresh(spec.name()) : NetNamespace.current(spec.name());
            teardown.register("network namespace " + spec.name(), namespace::close);
            if (fresh) {
                namespace.linkUp("lo");
            }
            if (spec.loMtu().isPresent()) {
                namespace.setMtu("lo", spec.loMtu().getAsInt());
            }
            // A fresh namespace takes lo's settings and the nft table with it when it dies. Undoing
            // them first would only cost time: deleting a table with a hooked chain took ~18 ms here.
            // rtnetlink, not /proc/sys: a container mounts /proc/sys read-only.
            LinkConf lo = new LinkConf(namespace, "lo");
            if (!fresh) {
                teardown.register("IPv4 settings of lo", lo::close);
            }
            for (LinkConf.Ipv4 setting : LOOPBACK_SETTINGS) {
                lo.set(setting, 1);
            }
            NftGuard guard = NftGuard.install(namespace, spec.fakePorts());
            if (!fresh) {
                teardown.register("nft guard", guard::close);
            }
            Optional<Tun0> tun0 = Optional.empty();
            if (spec.tun0().isPresent()) {
                Tun0 device = Tun0.create(namespace, spec.tun0().get());
                teardown.register("tun0's peer namespace", device::close);
                tun0 = Optional.of(device);
            }
            return new Sandbox(namespace, lo, guard, teardown, tun0);
        } catch (SandboxException | RuntimeException e) {
            try {
                teardown.runAll();
            } catch (SandboxException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The namespace: sockets, pcap handles and threads of the experiment are made through it. */
    public NetNamespace namespace() {
        return namespace;
    }

    /** packetdrill's device, when the spec asked for it. */
    public Optional<Tun0> tun0() {
        return tun0;
    }

    /** The guard, to which the runner adds fake ports it picks later. */
    public NftGuard guard() {
        return guard;
    }

    /** lo's IPv4 settings; settings made here are undone with the sandbox. */
    public LinkConf lo() {
        return lo;
    }

    /** Undoes everything, newest first; a second call does nothing. */
    @Override
    public void close() throws SandboxException {
        teardown.runAll();
    }
}

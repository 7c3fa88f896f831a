package io.finack.sandbox;

import java.util.List;

/**
 * The network namespace an experiment runs in, set up for injection on lo: lo up (fresh
 * namespace), the sysctls that let an injected 127.0.0.0/8 frame reach TCP, and a guard that
 * keeps the kernel from answering for the fake endpoints. {@link #close()} undoes it all,
 * newest first: a fresh namespace simply ends, taking everything in it along; in the caller's
 * own namespace each change is undone, and JVM exit (SIGINT, SIGTERM) undoes them too.
 */
public final class Sandbox implements AutoCloseable {
    /** Without both, the kernel drops an injected 127.0.0.0/8 frame before TCP (PLATFORM.md). */
    private static final List<String> LOOPBACK_SYSCTLS = List.of(
            "net.ipv4.conf.all.route_localnet",
            "net.ipv4.conf.lo.route_localnet",
            "net.ipv4.conf.all.accept_local",
            "net.ipv4.conf.lo.accept_local");

    private final NetNamespace namespace;
    private final Sysctls sysctls;
    private final NftGuard guard;
    private final CleanupRegistry teardown;

    private Sandbox(NetNamespace namespace, Sysctls sysctls, NftGuard guard, CleanupRegistry teardown) {
        this.namespace = namespace;
        this.sysctls = sysctls;
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
            // A fresh namespace takes its sysctls and nft table with it when it dies. Undoing them
            // first would only cost time: deleting a table with a hooked chain took ~18 ms here.
            Sysctls sysctls = new Sysctls(namespace);
            if (!fresh) {
                teardown.register("sysctls", sysctls::close);
            }
            for (String key : LOOPBACK_SYSCTLS) {
                sysctls.set(key, "1");
            }
            NftGuard guard = NftGuard.install(namespace, spec.fakePorts());
            if (!fresh) {
                teardown.register("nft guard", guard::close);
            }
            return new Sandbox(namespace, sysctls, guard, teardown);
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

    /** The guard, to which the runner adds fake ports it picks later. */
    public NftGuard guard() {
        return guard;
    }

    /** The namespace's sysctls; settings made here are undone with the sandbox. */
    public Sysctls sysctls() {
        return sysctls;
    }

    /** Undoes everything, newest first; a second call does nothing. */
    @Override
    public void close() throws SandboxException {
        teardown.runAll();
    }
}

package io.finack.sandbox;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the kernel from answering for finack's fake endpoints.
 *
 * <p>A SYN/ACK or SYN to a port that no kernel socket owns gets a RST from the kernel. The
 * capture sees a kernel frame on transmit, before the receive path, so a table that drops TCP
 * segments to the fake ports in the prerouting hook at priority raw lets finack sniff the
 * kernel's frame while the kernel never processes it. Each guard is its own nftables table,
 * named {@code finack_<pid>_<n>}, so guards never collide; {@link #close()} deletes it, and in
 * the caller's own namespace so does JVM exit, SIGINT and SIGTERM included.
 */
public final class NftGuard implements AutoCloseable {
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final NetNamespace namespace;
    private final GuardTable table;
    private final NamespaceChange change;

    private NftGuard(NetNamespace namespace, GuardTable table) {
        this.namespace = namespace;
        this.table = table;
        this.change = new NamespaceChange(namespace, "nft table " + table.name(), () -> Nft.run(table.delete()));
    }

    /** Installs a guard for {@code ports} (possibly none yet) in {@code namespace}. */
    public static NftGuard install(NetNamespace namespace, Set<Integer> ports) throws SandboxException {
        NftGuard guard = new NftGuard(namespace,
                new GuardTable("finack_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet()));
        try {
            guard.apply(guard.table.create(ports));
        } catch (SandboxException | RuntimeException e) {
            // nft may have been killed after its commit; close() also deletes such a table
            try {
                guard.close();
            } catch (SandboxException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return guard;
    }

    /** Guards one more port. */
    public void addPort(int port) throws SandboxException {
        apply(table.addPort(port));
    }

    /** The nftables table's name, in family inet. */
    public String table() {
        return table.name();
    }

    private void apply(String ruleset) throws SandboxException {
        namespace.call(() -> change.apply(() -> {
            Nft.run(ruleset);
            return null;
        }));
    }

    /** Deletes the table. */
    @Override
    public void close() throws SandboxException {
        change.close();
    }
}

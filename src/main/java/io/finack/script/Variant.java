package io.finack.script;

import io.finack.tcp.Endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * packetdrill's {@code --ip_version}: the wire's family and the sockets' family. ipv4-mapped-ipv6
 * puts IPv4 on the wire through AF_INET6 sockets with IPv4-mapped addresses (::ffff:a.b.c.d).
 */
public enum Variant {
    IPV4(Endpoint.Family.IPV4, Endpoint.Family.IPV4),
    IPV4_MAPPED_IPV6(Endpoint.Family.IPV4, Endpoint.Family.IPV6),
    IPV6(Endpoint.Family.IPV6, Endpoint.Family.IPV6);

    private final Endpoint.Family wire;
    private final Endpoint.Family sockets;

    Variant(Endpoint.Family wire, Endpoint.Family sockets) {
        this.wire = wire;
        this.sockets = sockets;
    }

    public Endpoint.Family wire() {
        return wire;
    }

    public Endpoint.Family sockets() {
        return sockets;
    }

    /** As packetdrill spells it: ipv4, ipv4-mapped-ipv6, ipv6. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The variant packetdrill's {@code --ip_version=TEXT} names, if any. */
    public static Optional<Variant> parse(String text) {
        for (Variant v : values()) {
            if (v.toString().equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * The variants packetdrill's run_all.py runs a script in, by its file name: ipv4 and
     * ipv4-mapped-ipv6 unless it ends in v6.pkt, ipv6 unless it ends in v4.pkt.
     */
    public static List<Variant> forFile(String fileName) {
        List<Variant> variants = new ArrayList<>();
        if (!fileName.endsWith("v6.pkt")) {
            variants.add(IPV4);
            variants.add(IPV4_MAPPED_IPV6);
        }
        if (!fileName.endsWith("v4.pkt")) {
            variants.add(IPV6);
        }
        return variants;
    }
}

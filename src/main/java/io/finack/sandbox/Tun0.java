package io.finack.sandbox;

import java.net.InetAddress;

/**
 * A device named tun0 in a script's namespace that the script's traffic crosses, as under
 * packetdrill, so that {@code tc qdisc ... dev tun0}, {@code ip link set tun0 mtu ...} and
 * {@code ip route change ... dev tun0 ...} change what the kernel does to it.
 *
 * <p>It is one end of a veth pair; the other end ({@link Tun0Spec#PEER}) lives in a second
 * namespace of finack's own, where the harness injects: a frame sent there arrives on tun0 as
 * from a wire, and what the kernel sends through tun0 leaves for the peer, whose namespace has
 * no address and drops it. (A real TUN device would not do: libpcap's injection on it goes to
 * the tun descriptor, not into the stack.) The capture runs on tun0 itself, which shows both
 * directions: the peer's own packet socket never sees the frames it sends.
 *
 * <p>tun0 has ARP off (no neighbour to resolve: the kernel sends at once, as on a TUN device,
 * and IPv6 skips duplicate address detection) and keeps veth's segmentation offload on, as
 * packetdrill turns TSO on for its tun device: the kernel hands tun0 (and the capture) segments
 * of several MSS, as packetdrill's scripts expect ({@code ethtool -K tun0 tso off} changes
 * that). In the namespace 127.0.0.0/8 is made routable
 * (PLATFORM.md): route_localnet, accept_local, rp_filter 0, and lo's {@code local 127.0.0.0/8}
 * route removed, so that only 127.0.0.1 stays lo's.
 */
public final class Tun0 implements AutoCloseable {
    private final NetNamespace peer;

    private Tun0(NetNamespace peer) {
        this.peer = peer;
    }

    /** Makes the pair and its peer's namespace; the script's namespace must be fresh and have lo up. */
    static Tun0 create(NetNamespace script, Tun0Spec spec) throws SandboxException {
        NetNamespace peer = NetNamespace.createFresh(script.name() + "-peer");
        try {
            NamespaceShell.run(script, scriptSide(spec, peer.path()), "make tun0");
            NamespaceShell.run(peer, "echo 1 > /proc/sys/net/ipv6/conf/" + Tun0Spec.PEER + "/disable_ipv6 || true\n"
                    + "ip link set " + Tun0Spec.PEER + " mtu 65535 up\n", "bring tun0's peer up");
            return new Tun0(peer);
        } catch (SandboxException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    /** The commands run in the script's namespace, as one sh script. */
    static String scriptSide(Tun0Spec spec, String peerNamespace) {
        String tun = Tun0Spec.NAME;
        StringBuilder s = new StringBuilder();
        s.append("ip link add ").append(tun).append(" address ").append(mac(Tun0Spec.TUN0_MAC))
                .append(" type veth peer name ").append(Tun0Spec.PEER).append(" address ").append(mac(Tun0Spec.PEER_MAC))
                .append(" netns ").append(peerNamespace).append('\n');
        // Not /sys/class/net: sysfs shows the namespace it was mounted in, not this one.
        s.append("index=$(ip -o link show ").append(tun).append(" | cut -d: -f1)\n");
        s.append("[ \"$index\" = ").append(Tun0Spec.IFINDEX).append(" ] || { echo \"").append(tun)
                .append(" has interface index $index, not ").append(Tun0Spec.IFINDEX).append("\"; exit 1; }\n");
        s.append("for k in all default; do sysctl -qw net.ipv4.conf.$k.route_localnet=1 net.ipv4.conf.$k.accept_local=1 "
                + "net.ipv4.conf.$k.rp_filter=0; done\n");
        s.append("ip route del local 127.0.0.0/8 dev lo table local\n");
        s.append("ip link set ").append(tun).append(" arp off mtu ").append(spec.mtu()).append('\n');
        if (spec.ipv6()) {
            // No address of its own making, no router solicitation: nothing on the wire but the script's.
            s.append("sysctl -qw net.ipv6.conf.").append(tun).append(".addr_gen_mode=1 net.ipv6.conf.").append(tun)
                    .append(".router_solicitations=0 net.ipv6.conf.").append(tun).append(".accept_ra=0\n");
        } else {
            s.append("echo 1 > /proc/sys/net/ipv6/conf/").append(tun).append("/disable_ipv6 || true\n");
        }
        s.append("ip link set ").append(tun).append(" up\n");
        if (spec.ipv6()) {
            s.append("ip -6 addr add ").append(text(spec.local())).append('/').append(spec.prefixLength())
                    .append(" dev ").append(tun).append(" nodad\n");
            s.append("ip -6 route add ").append(text(spec.remote())).append("/128 dev ").append(tun).append('\n');
        } else {
            s.append("ip addr add ").append(text(spec.local())).append('/').append(spec.prefixLength())
                    .append(" dev ").append(tun).append(" scope global\n");
            s.append("ip route add ").append(text(spec.remote())).append("/32 dev ").append(tun)
                    .append(" via ").append(text(spec.gateway())).append('\n');
        }
        return s.toString();
    }

    /** The namespace of tun0's peer, where frames for tun0 are injected. */
    public NetNamespace peer() {
        return peer;
    }

    private static String text(InetAddress a) {
        return io.finack.tcp.Endpoint.text(a);
    }

    private static String mac(byte[] mac) {
        StringBuilder s = new StringBuilder();
        for (byte b : mac) {
            s.append(s.length() == 0 ? "" : ":").append(String.format("%02x", b));
        }
        return s.toString();
    }

    /** Ends the peer's namespace, which takes the pair (and tun0) with it. */
    @Override
    public void close() {
        peer.close();
    }
}

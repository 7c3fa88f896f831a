package io.finack.sandbox;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * packetdrill's device, as a script's namespace gets it: a device named tun0 with this MTU,
 * the kernel's (local) address on it with this prefix length, and a route to the script's
 * (remote) address through it, via the gateway for IPv4 as packetdrill routes it. IPv4
 * addresses are in 127.0.0.0/8; IPv6 ones are link-local (fe80::/64), since the kernel keeps
 * ::1 to lo.
 */
public record Tun0Spec(int mtu, InetAddress local, int prefixLength, InetAddress remote, InetAddress gateway) {
    /** The device's name, which packetdrill's scripts use in their shell lines. */
    public static final String NAME = "tun0";
    /** The other end of the pair, in a namespace of its own, where the harness injects. */
    public static final String PEER = "pd0";
    /** Locally administered unicast MACs: tun0's, which frames injected into it must carry, and its peer's. */
    public static final byte[] TUN0_MAC = {0x02, 0, 0, 0, 0, 0x01};
    public static final byte[] PEER_MAC = {0x02, 0, 0, 0, 0, 0x02};
    /**
     * tun0's interface index in its namespace, the scope id of its link-local addresses: a fresh
     * namespace numbers its own devices, lo 1 and tun0, the first device made, 2 ({@link Tun0} checks).
     */
    public static final int IFINDEX = 2;
    private static final int MIN_MTU = 1280;
    private static final int MAX_MTU = 65535;

    public Tun0Spec {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(gateway, "gateway");
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("tun0 MTU " + mtu + " is outside " + MIN_MTU + " to " + MAX_MTU);
        }
        boolean v6 = local instanceof Inet6Address;
        if ((remote instanceof Inet6Address) != v6 || (gateway instanceof Inet6Address) != v6) {
            throw new IllegalArgumentException("tun0's addresses differ in family: " + local + ", " + remote + ", " + gateway);
        }
        for (InetAddress a : new InetAddress[] {local, remote, gateway}) {
            boolean safe = a instanceof Inet4Address ? a.isLoopbackAddress() : a.isLinkLocalAddress();
            if (!safe) {
                throw new IllegalArgumentException("tun0 only carries 127.0.0.0/8 and IPv6 link-local addresses, not "
                        + a.getHostAddress());
            }
        }
        if (prefixLength < 1 || prefixLength > (v6 ? 128 : 32)) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " does not fit " + local.getHostAddress());
        }
    }

    public boolean ipv6() {
        return local instanceof Inet6Address;
    }
}

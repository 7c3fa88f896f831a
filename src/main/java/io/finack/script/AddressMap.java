package io.finack.script;

import io.finack.sandbox.Tun0Spec;
import io.finack.tcp.Endpoint;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * packetdrill's addresses mapped onto the ones finack really uses on tun0, consistently in
 * socket addresses and in shell lines, so that a script's {@code ip route change 192.0.2.1 ...}
 * acts on the route finack made. finack never puts a private or public address on the wire:
 *
 * <ul>
 * <li>IPv4 (and ipv4-mapped-ipv6): an address in the local subnet (local_ip under
 *     netmask_ip: 192.168.0.1, the gateway 192.168.0.2, ...) keeps its last 16 bits in
 *     127.1.0.0/16; the remote address (192.0.2.1 or --remote_ip) becomes 127.2.0.1.
 *     packetdrill's defaults 192.168.0.1 and 192.0.2.1 are mapped even when other addresses are
 *     given. Their IPv4-mapped forms (::ffff:192.168.0.1) map alike.</li>
 * <li>IPv6: the kernel keeps ::1 to lo, so tun0 gets link-local addresses: local fe80::1,
 *     remote fe80::2, gateway fe80::3, with tun0's interface as scope id in socket addresses.</li>
 * </ul>
 */
public final class AddressMap {
    /** Where the local subnet goes: 127.1.0.0/16. */
    private static final int LOCAL_BASE = 0x7f010000;
    private static final String REMOTE_V4 = "127.2.0.1";
    private static final String LOCAL_V6 = "fe80::1";
    private static final String REMOTE_V6 = "fe80::2";
    private static final String GATEWAY_V6 = "fe80::3";
    /** packetdrill's own defaults, which scripts name without options. */
    private static final String DEFAULT_LOCAL_V4 = "192.168.0.1";
    private static final String DEFAULT_REMOTE_V4 = "192.0.2.1";
    private static final String DEFAULT_NETMASK_V4 = "255.255.0.0";
    private static final String DEFAULT_LOCAL_V6 = "fd3d:0a0b:17d6::1";
    private static final String DEFAULT_REMOTE_V6 = "fd3d:fa7b:d17d::1";
    private static final String DEFAULT_GATEWAY_V6 = "fd3d:0a0b:17d6:8888::1";
    /** A dotted quad or an IPv6 literal, not inside a longer word or number. */
    private static final Pattern ADDRESS = Pattern.compile(
            "(?<![\\w.:])(?:[0-9a-fA-F]{0,4}:[0-9a-fA-F:.]*[0-9a-fA-F]|\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\w.:])");

    /** What an address stands for in a script. */
    public enum Role { KERNEL, HARNESS, GATEWAY }

    private final Variant variant;
    private final InetAddress kernel;
    private final InetAddress harness;
    private final InetAddress gateway;
    private final int prefixLength;
    /** packetdrill's address (canonical text) to finack's (text), with the role. */
    private final Map<InetAddress, InetAddress> mapped = new LinkedHashMap<>();
    private final Map<InetAddress, Role> roles = new LinkedHashMap<>();

    private AddressMap(Variant variant, InetAddress kernel, InetAddress harness, InetAddress gateway, int prefixLength) {
        this.variant = variant;
        this.kernel = kernel;
        this.harness = harness;
        this.gateway = gateway;
        this.prefixLength = prefixLength;
    }

    /**
     * The map for a run: {@code local}, {@code remote}, {@code gateway}, {@code netmask} are
     * packetdrill's options (empty: its defaults). {@code remote} may carry a prefix length,
     * which is dropped: finack routes the one remote address.
     *
     * @throws IllegalArgumentException an option is no address of the variant's family
     */
    public static AddressMap of(Variant variant, Optional<String> local, Optional<String> remote,
                                Optional<String> gateway, Optional<String> netmask) {
        if (variant.wire() == Endpoint.Family.IPV6) {
            InetAddress kernel = Endpoint.literal(LOCAL_V6);
            AddressMap map = new AddressMap(variant, kernel, Endpoint.literal(REMOTE_V6), Endpoint.literal(GATEWAY_V6), 64);
            map.put(parse(local.orElse(DEFAULT_LOCAL_V6), true, "local_ip"), kernel, Role.KERNEL);
            map.put(parse(DEFAULT_LOCAL_V6, true, "local_ip"), kernel, Role.KERNEL);
            map.put(parse(stripPrefix(remote.orElse(DEFAULT_REMOTE_V6)), true, "remote_ip"), map.harness, Role.HARNESS);
            map.put(parse(DEFAULT_REMOTE_V6, true, "remote_ip"), map.harness, Role.HARNESS);
            map.put(parse(gateway.orElse(DEFAULT_GATEWAY_V6), true, "gateway_ip"), map.gateway, Role.GATEWAY);
            map.put(parse(DEFAULT_GATEWAY_V6, true, "gateway_ip"), map.gateway, Role.GATEWAY);
            return map;
        }
        int localBits = v4(parse(local.orElse(DEFAULT_LOCAL_V4), false, "local_ip"));
        int mask = v4(parse(netmask.orElse(DEFAULT_NETMASK_V4), false, "netmask_ip"));
        int prefix = Integer.bitCount(mask);
        if (mask != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
            throw new IllegalArgumentException("--netmask_ip=" + netmask.orElse("") + " is no netmask");
        }
        // At least /16: finack's local subnet is 127.1.0.0/16, the remote address outside it.
        int hostMask = ~mask & 0xffff;
        InetAddress kernel = v4(LOCAL_BASE | (localBits & hostMask));
        int gatewayBits = gateway.isPresent() ? v4(parse(gateway.get(), false, "gateway_ip")) : localBits;
        if ((gatewayBits & ~hostMask) != (localBits & ~hostMask)) {
            throw new IllegalArgumentException("--gateway_ip=" + gateway.orElse("") + " is outside the local subnet");
        }
        InetAddress gatewayMapped = v4(LOCAL_BASE | (gatewayBits & hostMask));
        AddressMap map = new AddressMap(variant, kernel, Endpoint.literal(REMOTE_V4), gatewayMapped, Math.max(16, prefix));
        map.put(v4(localBits), kernel, Role.KERNEL);
        map.put(v4(gatewayBits), gatewayMapped, gatewayBits == localBits ? Role.KERNEL : Role.GATEWAY);
        map.put(parse(stripPrefix(remote.orElse(DEFAULT_REMOTE_V4)), false, "remote_ip"), map.harness, Role.HARNESS);
        map.putIfAbsent(parse(DEFAULT_LOCAL_V4, false, "local_ip"), v4(LOCAL_BASE | (v4(parse(DEFAULT_LOCAL_V4, false, "")) & 0xffff)), Role.KERNEL);
        map.putIfAbsent(parse(DEFAULT_REMOTE_V4, false, "remote_ip"), map.harness, Role.HARNESS);
        return map;
    }

    private void put(InetAddress from, InetAddress to, Role role) {
        mapped.put(from, to);
        roles.put(from, role);
    }

    private void putIfAbsent(InetAddress from, InetAddress to, Role role) {
        if (!mapped.containsKey(from)) {
            put(from, to, role);
        }
    }

    public Variant variant() {
        return variant;
    }

    /** The kernel's (local) address on tun0; IPv6 ones without scope: see {@link #endpoint}. */
    public InetAddress kernel() {
        return kernel;
    }

    /** The harness's (remote) address. */
    public InetAddress harness() {
        return harness;
    }

    /** An endpoint on tun0: a link-local address gets tun0's interface as its scope. */
    public Endpoint endpoint(InetAddress address, int port) {
        if (address instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
            try {
                return new Endpoint(Inet6Address.getByAddress(null, v6.getAddress(), Tun0Spec.IFINDEX), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Endpoint(address, port);
    }

    /** tun0 as this map sets it up, with {@code mtu}. */
    public Tun0Spec tun0(int mtu) {
        return new Tun0Spec(mtu, kernel, prefixLength, harness, gateway);
    }

    /** What a script's address (text, as in inet_addr("...")) stands for, if it is one of packetdrill's. */
    public Optional<Role> role(String text) {
        return lookup(text).map(roles::get);
    }

    private Optional<InetAddress> lookup(String text) {
        InetAddress address;
        try {
            address = Endpoint.literal(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Java reads ::ffff:a.b.c.d as the IPv4 address itself, which is the key wanted.
        return mapped.containsKey(address) ? Optional.of(address) : Optional.empty();
    }

    /**
     * A shell line with each of packetdrill's addresses replaced by finack's (an IPv4-mapped
     * form by the mapped form of finack's), so that it acts on finack's device and routes. A
     * prefix length after an address stays.
     */
    public String substitute(String command) {
        Matcher m = ADDRESS.matcher(command);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            String text = m.group();
            Optional<InetAddress> from = lookup(text);
            String replacement = text;
            if (from.isPresent()) {
                String to = Endpoint.text(mapped.get(from.get()));
                boolean mappedForm = text.contains(":") && from.get() instanceof Inet4Address;
                replacement = mappedForm ? "::ffff:" + to : to;
            }
            m.appendReplacement(s, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(s);
        return s.toString();
    }

    private static String stripPrefix(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? text : text.substring(0, slash);
    }

    private static InetAddress parse(String text, boolean ipv6, String option) {
        InetAddress a;
        try {
            a = Endpoint.literal(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + option + "=" + text + " is not an IP address");
        }
        if ((a instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException("--" + option + "=" + text + " is not an " + (ipv6 ? "IPv6" : "IPv4")
                    + " address, as this run's --ip_version needs");
        }
        return a;
    }

    private static int v4(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static InetAddress v4(int bits) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

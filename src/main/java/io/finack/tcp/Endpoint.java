package io.finack.tcp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP address and TCP port. */
public record Endpoint(InetAddress address, int port) {
    public static final InetAddress IPV4_LOOPBACK = literal("127.0.0.1");
    public static final InetAddress IPV6_LOOPBACK = literal("::1");

    public Endpoint {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static Endpoint of(String address, int port) {
        return new Endpoint(literal(address), port);
    }

    public boolean ipv6() {
        return address instanceof Inet6Address;
    }

    public Family family() {
        return ipv6() ? Family.IPV6 : Family.IPV4;
    }

    /** Parses an IP literal without any name lookup. */
    public static InetAddress literal(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP address literal: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + text, e);
        }
    }

    /** True for 127.0.0.0/8 and ::1. */
    public boolean loopback() {
        return address.isLoopbackAddress()
                && (address instanceof Inet4Address || address.equals(IPV6_LOOPBACK));
    }

    /**
     * True for the addresses finack ever sends to or from: 127.0.0.0/8, ::1, and IPv6
     * link-local addresses (fe80::/10, with the scope id of finack's own device), which stay on
     * a link inside a namespace finack made.
     */
    public boolean wireSafe() {
        return loopback() || (address instanceof Inet6Address v6 && v6.isLinkLocalAddress());
    }

    /** The IPv6 scope id (the interface index of a link-local address), 0 for none. */
    public int scopeId() {
        return address instanceof Inet6Address v6 ? v6.getScopeId() : 0;
    }

    /** {@code 127.0.0.1:8080}, or {@code [::1]:8080} with IPv6 zeros compressed as RFC 5952 writes them. */
    @Override
    public String toString() {
        return ipv6() ? "[" + compressed(address.getAddress()) + "]:" + port : address.getHostAddress() + ":" + port;
    }

    /** An address as text: dotted IPv4, or IPv6 compressed as RFC 5952 writes it, without a scope. */
    public static String text(InetAddress address) {
        return address instanceof Inet6Address ? compressed(address.getAddress()) : address.getHostAddress();
    }

    private static String compressed(byte[] v6) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((v6[2 * i] & 0xff) << 8) | (v6[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first, on a tie) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /** The two address families finack runs on. */
    public enum Family {
        IPV4, IPV6;

        public InetAddress loopback() {
            return this == IPV4 ? IPV4_LOOPBACK : IPV6_LOOPBACK;
        }

        @Override
        public String toString() {
            return this == IPV4 ? "ipv4" : "ipv6";
        }
    }
}

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

    /** True for 127.0.0.0/8 and ::1, the only addresses finack ever sends to or from. */
    public boolean loopback() {
        return address.isLoopbackAddress()
                && (address instanceof Inet4Address || address.equals(IPV6_LOOPBACK));
    }

    @Override
    public String toString() {
        String host = address.getHostAddress();
        return ipv6() ? "[" + host + "]:" + port : host + ":" + port;
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

package io.finack.sandbox;

import io.finack.kernel.Libc;
import io.finack.kernel.Netlink;
import io.finack.kernel.SyscallException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * The rtnetlink messages that read and set an interface's IPv4 settings (its
 * {@code net.ipv4.conf.IF.*} values, the kernel's "devconf"), as bytes. Pure functions, so the
 * layouts are tested without a kernel. Netlink headers and values are in host order.
 *
 * <p>The two directions differ: RTM_SETLINK takes IFLA_AF_SPEC / AF_INET / IFLA_INET_CONF
 * holding one u32 attribute per setting, whose type is the setting's index; RTM_NEWLINK (the
 * answer to RTM_GETLINK) carries IFLA_INET_CONF as a plain u32 array, index i at element i - 1.
 * The interface is named by IFLA_IFNAME with ifi_index 0, which both requests accept.
 */
final class RtNetlink {
    static final short RTM_NEWLINK = 16;
    static final short RTM_GETLINK = 18;
    static final short RTM_SETLINK = 19;
    static final short NLM_F_ACK = 0x4;
    /** sizeof(struct ifinfomsg). */
    static final int IFINFOMSG_SIZE = 16;
    static final int NLA_HDRLEN = 4;
    static final short IFLA_IFNAME = 3;
    static final short IFLA_AF_SPEC = 26;
    static final short IFLA_INET_CONF = 1;
    static final int NLA_F_NESTED = 0x8000;
    /** Clears NLA_F_NESTED and NLA_F_NET_BYTEORDER from an attribute's type. */
    static final int NLA_TYPE_MASK = 0x3fff;
    /** What dev_valid_name accepts: up to IFNAMSIZ - 1 bytes, no '/', ':' or white space. */
    private static final Pattern IFNAME = Pattern.compile("[\\x21-\\x7e&&[^/:]]{1,15}");

    private RtNetlink() {
    }

    static void checkInterfaceName(String ifname) {
        if (!IFNAME.matcher(ifname).matches() || ifname.equals(".") || ifname.equals("..")) {
            throw new IllegalArgumentException("not an interface name: \"" + ifname + "\"");
        }
    }

    /** RTM_SETLINK, acknowledged, setting the IPv4 settings of {@code ifname} (index to value). */
    static byte[] setIpv4Conf(String ifname, SortedMap<Integer, Integer> values, int seq) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no setting to set");
        }
        int confLength = NLA_HDRLEN + values.size() * (NLA_HDRLEN + 4);
        int afInetLength = NLA_HDRLEN + confLength;
        int afSpecLength = NLA_HDRLEN + afInetLength;
        ByteBuffer b = request(RTM_SETLINK, (short) (Netlink.NLM_F_REQUEST | NLM_F_ACK), seq, ifname, afSpecLength);
        attribute(b, afSpecLength, IFLA_AF_SPEC | NLA_F_NESTED);
        attribute(b, afInetLength, Libc.AF_INET | NLA_F_NESTED);
        attribute(b, confLength, IFLA_INET_CONF | NLA_F_NESTED);
        for (Map.Entry<Integer, Integer> setting : values.entrySet()) {
            if (setting.getKey() < 1 || setting.getKey() > NLA_TYPE_MASK) {
                throw new IllegalArgumentException("not an IPv4 setting index: " + setting.getKey());
            }
            attribute(b, NLA_HDRLEN + 4, setting.getKey());
            b.putInt(setting.getValue());
        }
        return b.array();
    }

    /** RTM_GETLINK for {@code ifname}; the kernel answers with one RTM_NEWLINK. */
    static byte[] getLink(String ifname, int seq) {
        return request(RTM_GETLINK, Netlink.NLM_F_REQUEST, seq, ifname, 0).array();
    }

    /** Header, ifinfomsg and IFLA_IFNAME, with room for {@code more} bytes of attributes after them. */
    private static ByteBuffer request(short type, short flags, int seq, String ifname, int more) {
        checkInterfaceName(ifname);
        byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
        int nameLength = NLA_HDRLEN + name.length + 1;
        int length = Netlink.NLMSG_HDRLEN + IFINFOMSG_SIZE + Netlink.align(nameLength) + more;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        b.putInt(length).putShort(type).putShort(flags).putInt(seq).putInt(0);
        // ifinfomsg: family AF_UNSPEC, ifi_index 0 (the name says which), no flag to change
        b.position(b.position() + IFINFOMSG_SIZE);
        attribute(b, nameLength, IFLA_IFNAME);
        b.put(name).position(b.position() + Netlink.align(nameLength) - nameLength + 1); // NUL, then padding
        return b;
    }

    private static void attribute(ByteBuffer b, int length, int type) {
        b.putShort((short) length).putShort((short) type);
    }

    /**
     * Checks the acknowledgement of the request numbered {@code seq}.
     *
     * @throws SyscallException the kernel refused the request (Netlink.NLMSG_ERROR with an errno)
     */
    static void checkAck(byte[] datagram, int length, int seq) throws SyscallException {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        int at = find(b, length, seq, "RTM_SETLINK");
        if (b.getShort(at + 4) != Netlink.NLMSG_ERROR) {
            throw new IllegalStateException("netlink message of type " + b.getShort(at + 4) + " where an ACK was due");
        }
    }

    /**
     * The IPv4 settings in the answer to the RTM_GETLINK numbered {@code seq}: setting i at
     * element i - 1; empty when the interface has no IPv4 (lo below 68 bytes of MTU, say).
     *
     * @throws SyscallException the kernel refused the request (no such device, say)
     */
    static int[] ipv4Conf(byte[] datagram, int length, int seq) throws SyscallException {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        int at = find(b, length, seq, "RTM_GETLINK");
        if (b.getShort(at + 4) != RTM_NEWLINK) {
            throw new IllegalStateException("netlink message of type " + b.getShort(at + 4) + " where RTM_NEWLINK was due");
        }
        int end = at + b.getInt(at);
        int afSpec = attribute(b, at + Netlink.NLMSG_HDRLEN + IFINFOMSG_SIZE, end, IFLA_AF_SPEC);
        int afInet = afSpec < 0 ? -1 : attribute(b, afSpec + NLA_HDRLEN, afSpec + attributeLength(b, afSpec), Libc.AF_INET);
        int conf = afInet < 0 ? -1 : attribute(b, afInet + NLA_HDRLEN, afInet + attributeLength(b, afInet), IFLA_INET_CONF);
        if (conf < 0) {
            return new int[0];
        }
        int payload = attributeLength(b, conf) - NLA_HDRLEN;
        if (payload % 4 != 0) {
            throw new IllegalStateException("IFLA_INET_CONF of " + payload + " bytes is no u32 array");
        }
        int[] values = new int[payload / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = b.getInt(conf + NLA_HDRLEN + 4 * i);
        }
        return values;
    }

    /**
     * The offset of the message numbered {@code seq}; messages of other numbers are skipped.
     *
     * @throws SyscallException it is an Netlink.NLMSG_ERROR with an errno
     */
    private static int find(ByteBuffer b, int length, int seq, String request) throws SyscallException {
        for (Netlink.Message m : Netlink.messages(b, length)) {
            if (m.seq() == seq) {
                Netlink.throwIfError(b, m, request);
                return m.offset();
            }
        }
        throw new IllegalStateException("no netlink answer to " + request + " number " + seq);
    }

    /** The offset of the first attribute of {@code type} in [from, to), or -1. */
    private static int attribute(ByteBuffer b, int from, int to, int type) {
        int at = from;
        while (to - at >= NLA_HDRLEN) {
            int length = attributeLength(b, at);
            if (length < NLA_HDRLEN || length > to - at) {
                throw new IllegalStateException("malformed netlink attribute: length " + length + " at offset " + at);
            }
            if ((b.getShort(at + 2) & NLA_TYPE_MASK) == type) {
                return at;
            }
            at += Netlink.align(length);
        }
        return -1;
    }

    private static int attributeLength(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }
}

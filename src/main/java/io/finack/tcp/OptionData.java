package io.finack.tcp;

import java.util.Arrays;
import java.util.Optional;

/**
 * The bytes after kind and length of the options pcap4j does not know (TCP Fast Open, its
 * experimental form, MD5), both ways: a codec carries them as raw data and reads them back
 * into their records here. Stateless.
 */
public final class OptionData {
    private OptionData() {
    }

    /** The data of an option with no pcap4j class of its own, or empty for the options it has. */
    public static Optional<byte[]> of(TcpOption option) {
        if (option instanceof TcpOption.FastOpen fo) {
            return Optional.of(fo.cookie());
        } else if (option instanceof TcpOption.FastOpenExp exp) {
            byte[] cookie = exp.cookie();
            byte[] data = new byte[2 + cookie.length];
            data[0] = (byte) (TcpOption.FastOpenExp.MAGIC >>> 8);
            data[1] = (byte) TcpOption.FastOpenExp.MAGIC;
            System.arraycopy(cookie, 0, data, 2, cookie.length);
            return Optional.of(data);
        } else if (option instanceof TcpOption.Md5 md5) {
            return Optional.of(md5.digest());
        } else if (option instanceof TcpOption.Unknown u) {
            return Optional.of(u.data());
        }
        return Optional.empty();
    }

    /** The record for an option read as {@code kind} and {@code data}; {@link TcpOption.Unknown} when it is none finack names. */
    public static TcpOption read(int kind, byte[] data) {
        if (kind == 34 && data.length <= TcpOption.FastOpen.MAX_COOKIE) {
            return new TcpOption.FastOpen(data);
        }
        if (kind == 254 && data.length >= 2 && data.length - 2 <= TcpOption.FastOpenExp.MAX_COOKIE
                && ((data[0] & 0xff) << 8 | (data[1] & 0xff)) == TcpOption.FastOpenExp.MAGIC) {
            return new TcpOption.FastOpenExp(Arrays.copyOfRange(data, 2, data.length));
        }
        if (kind == 19 && data.length <= TcpOption.Md5.DIGEST) {
            return new TcpOption.Md5(data);
        }
        return new TcpOption.Unknown(kind, data);
    }
}

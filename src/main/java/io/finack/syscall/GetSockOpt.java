package io.finack.syscall;

import com.sun.jna.ptr.IntByReference;
import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;
import io.finack.kernel.TcpInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code getsockopt(4, SOL_SOCKET, SO_SNDBUF, [42000], [4])}: any option, whose value must be
 * the script's, compared as packetdrill does: an int ({@code [N]}, length 4; SO_ERROR's may be
 * an errno name, {@code [ECONNREFUSED]}) or a string of exactly the length; and finack's
 * {@code getsockopt(4, SOL_TCP, TCP_INFO, {tcpi_state=1, tcpi_snd_mss=1000}, [232])}: the named
 * fields of the struct tcp_info ({@link TcpInfo}) the kernel returns in that many bytes.
 */
public record GetSockOpt(int fd, SetSockOpt.Option option, SetSockOpt.Value expected, int length) implements SocketCall {
    static SocketCall parse(Line line) throws NotationException {
        line.count(5);
        int length = (int) Notation.bracketed(line.argument(4));
        Argument value = line.argument(3);
        SetSockOpt.Value expected;
        if (value instanceof Argument.Array) {
            if (length != 4) {
                throw new NotationException("Unsupported getsockopt optlen: " + length);
            }
            expected = new SetSockOpt.IntValue((int) Notation.bracketed(value));
        } else if (value instanceof Argument.Text text) {
            expected = new SetSockOpt.Bytes(text.value());
            if (CString.decode(text.value()).length != length) {
                throw new NotationException("Bad getsockopt optval: expected optlen (" + length + " bytes) does not match "
                        + "length of expected optval string '" + text.value() + "' (" + CString.decode(text.value()).length + " bytes)");
            }
        } else if (value instanceof Argument.Struct struct && struct.fields().keySet().stream().allMatch(f -> f.startsWith("tcpi_"))
                && !struct.fields().isEmpty()) {
            expected = SetSockOpt.TcpInfoFields.parse(struct.fields());
        } else {
            throw new NotationException("unsupported getsockopt value type: " + value);
        }
        return new GetSockOpt(line.fd(0), SetSockOpt.Option.of(line, 1, 2), expected, length);
    }

    @Override
    public String name() {
        return "getsockopt";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int live = context.fds().live(fd);
        byte[] value = new byte[length + 1];
        IntByReference actualLength = new IntByReference(length);
        long result = Calls.call("getsockopt", () -> Libc.C.getsockopt(live, option.level(), option.number(), value, actualLength));
        if (actualLength.getValue() != length) {
            return Returned.checked(result, "Bad getsockopt optlen: expected: " + length + " actual: " + actualLength.getValue());
        }
        if (expected instanceof SetSockOpt.TcpInfoFields info) {
            TcpInfo actual = TcpInfo.decode(value, 0, length);
            for (Map.Entry<String, Long> field : info.fields().entrySet()) {
                java.util.OptionalLong got = actual.get(field.getKey());
                if (got.isEmpty() || got.getAsLong() != field.getValue()) {
                    return Returned.checked(result, "Bad getsockopt optval: " + field.getKey() + " expected: " + field.getValue()
                            + " actual: " + (got.isEmpty() ? "none (beyond the length)" : Long.toString(got.getAsLong())));
                }
            }
            return Returned.of(result);
        }
        if (expected instanceof SetSockOpt.IntValue integer) {
            int actual = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
            return Returned.checked(result, actual == integer.value() ? null
                    : "Bad getsockopt optval: expected: " + integer.value() + " actual: " + actual);
        }
        byte[] wanted = CString.decode(((SetSockOpt.Bytes) expected).written());
        byte[] got = Arrays.copyOf(value, length);
        return Returned.checked(result, Arrays.equals(wanted, got) ? null
                : "Bad getsockopt optval: expected: '" + printable(wanted) + "' actual: '" + printable(got) + "'");
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (i == bytes.length - 1 && b == 0) {
                break; // a terminating NUL prints as nothing, as in packetdrill
            }
            s.append(b >= 0x20 && b < 0x7f ? Character.toString(b) : String.format("\\x%02x", b & 0xff));
        }
        return s.toString();
    }

    @Override public String toString() {
        return "getsockopt(" + fd + ", " + option.levelName() + ", " + option.name() + ", " + expected + ", [" + length + "])";
    }
}

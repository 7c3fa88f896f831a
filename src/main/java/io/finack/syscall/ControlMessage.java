package io.finack.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One control message of a msghdr, {@code {cmsg_level=..., cmsg_type=..., cmsg_data=...}}, as
 * packetdrill lays it out and compares it: the data is an int ({@code cmsg_data=8000}, TCP_CM_INQ),
 * a {@code struct sock_extended_err} ({@code {ee_errno=0, ee_origin=SO_EE_ORIGIN_ZEROCOPY, ...}},
 * followed by the offender's sockaddr, zeros) or a {@code struct scm_timestamping}
 * ({@code {scm_sec=0, scm_nsec=10000000}}: script time, the first of its three timestamps).
 */
public record ControlMessage(int level, int type, Data data) {
    /** sizeof(struct cmsghdr): size_t length, int level, int type. */
    static final int HEADER = 16;
    private static final int SOL_IP = 0;
    private static final int SOL_IPV6 = 41;
    private static final int IP_RECVERR = 11;
    private static final int IPV6_RECVERR = 25;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_TIMESTAMPING = 37;
    private static final int SOCKADDR_IN = 16;
    private static final int SOCKADDR_IN6 = 28;

    /** What a control message carries. */
    public sealed interface Data {
        /** The data's bytes in the layout the kernel uses; {@code level} decides the sockaddr after an error. */
        byte[] encode(int level);
    }

    public record IntData(int value) implements Data {
        @Override public byte[] encode(int level) {
            return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        }
    }

    /** struct sock_extended_err: u32 errno, u8 origin, type, code, pad, u32 info, u32 data. */
    public record ExtendedError(int errno, int origin, int type, int code, int info, int data) implements Data {
        static final int SIZE = 16;

        @Override public byte[] encode(int level) {
            ByteBuffer b = ByteBuffer.allocate(SIZE + (level == SOL_IP ? SOCKADDR_IN : SOCKADDR_IN6))
                    .order(ByteOrder.nativeOrder());
            return b.putInt(errno).put((byte) origin).put((byte) type).put((byte) code).put((byte) 0).putInt(info)
                    .putInt(data).array();
        }

        static ExtendedError decode(ByteBuffer b, int at) {
            return new ExtendedError(b.getInt(at), Byte.toUnsignedInt(b.get(at + 4)), Byte.toUnsignedInt(b.get(at + 5)),
                    Byte.toUnsignedInt(b.get(at + 6)), b.getInt(at + 8), b.getInt(at + 12));
        }
    }

    /** struct scm_timestamping: three struct timespec; the script gives the first, in script time. */
    public record Timestamping(long seconds, long nanos) implements Data {
        static final int SIZE = 48;

        @Override public byte[] encode(int level) {
            return ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder()).putLong(seconds).putLong(nanos).array();
        }
    }

    /** The control messages of {@code msg_control=[...]}. */
    static List<ControlMessage> parseAll(Argument a) throws NotationException {
        if (!(a instanceof Argument.Array array)) {
            throw Notation.badType(a, "list");
        }
        List<ControlMessage> messages = new java.util.ArrayList<>();
        for (Argument element : array.elements()) {
            Map<String, Argument> fields = Notation.struct(element, "a cmsg {cmsg_level=..., cmsg_type=..., cmsg_data=...}");
            Notation.only(fields, "a cmsg", "cmsg_level", "cmsg_type", "cmsg_data");
            int level = Notation.s32(Notation.field(fields, "cmsg_level", "a cmsg"));
            messages.add(new ControlMessage(level, Notation.s32(Notation.field(fields, "cmsg_type", "a cmsg")),
                    data(Notation.field(fields, "cmsg_data", "a cmsg"))));
        }
        return messages;
    }

    private static Data data(Argument a) throws NotationException {
        if (a instanceof Argument.Number || a instanceof Argument.Names) {
            return new IntData(Notation.s32(a));
        }
        if (a instanceof Argument.Struct struct && struct.fields().containsKey("ee_errno")) {
            Map<String, Argument> f = struct.fields();
            String what = "a sock_extended_err";
            Notation.only(f, what, "ee_errno", "ee_origin", "ee_type", "ee_code", "ee_info", "ee_data");
            return new ExtendedError(Notation.s32(Notation.field(f, "ee_errno", what)),
                    Notation.s8(Notation.field(f, "ee_origin", what)), Notation.s8(Notation.field(f, "ee_type", what)),
                    Notation.s8(Notation.field(f, "ee_code", what)), Notation.s32(Notation.field(f, "ee_info", what)),
                    Notation.s32(Notation.field(f, "ee_data", what)));
        }
        if (a instanceof Argument.Struct struct && struct.fields().containsKey("scm_sec")) {
            Map<String, Argument> f = struct.fields();
            Notation.only(f, "a scm_timestamping", "scm_sec", "scm_nsec");
            return new Timestamping(Notation.integer(Notation.field(f, "scm_sec", "a scm_timestamping")),
                    Notation.integer(Notation.field(f, "scm_nsec", "a scm_timestamping")));
        }
        throw new NotationException("cmsg_data " + a + " is not supported by finack (an int, a sock_extended_err "
                + "{ee_errno=..., ...} or a scm_timestamping {scm_sec=..., scm_nsec=...}; TCP_NLA_* statistics are not)");
    }

    /** CMSG_LEN: the header and the data. */
    int length() {
        return HEADER + data.encode(level).length;
    }

    /** CMSG_SPACE: the length rounded up to 8 bytes. */
    int space() {
        return align(length());
    }

    static int align(int length) {
        return (length + 7) & ~7;
    }

    /** Writes the message at {@code at}. */
    void encode(ByteBuffer b, int at) {
        b.putLong(at, length()).putInt(at + 8, level).putInt(at + 12, type);
        byte[] bytes = data.encode(level);
        for (int i = 0; i < bytes.length; i++) {
            b.put(at + HEADER + i, bytes[i]);
        }
    }

    /**
     * packetdrill's comparison of the control messages a call returned ({@code control}, its
     * used length {@code length}) with the expected ones; empty when they match.
     */
    static Optional<String> compare(List<ControlMessage> expected, ByteBuffer control, int length,
                                    CallContext.ScriptTime time, long toleranceMicros) {
        int at = 0;
        int i = 0;
        for (; i < expected.size() && at + HEADER <= length; i++) {
            ControlMessage e = expected.get(i);
            long actualLength = control.getLong(at);
            if (actualLength == 0) {
                break;
            }
            int actualLevel = control.getInt(at + 8);
            int actualType = control.getInt(at + 12);
            if (actualLevel != e.level) {
                return Optional.of("Bad level in cmsg " + i + ": expected=" + e.level + " actual=" + actualLevel);
            }
            if (actualType != e.type) {
                return Optional.of("Bad type in cmsg " + i + ": expected=" + e.type + " actual=" + actualType);
            }
            if (actualLength != e.length()) {
                return Optional.of("Bad len in cmsg " + i + ": expected=" + e.length() + " actual=" + actualLength);
            }
            Optional<String> data = e.compareData(i, control, at + HEADER, time, toleranceMicros);
            if (data.isPresent()) {
                return data;
            }
            at += align((int) actualLength);
        }
        boolean moreActual = at + HEADER <= length && control.getLong(at) != 0;
        if (i < expected.size()) {
            return Optional.of("received only " + i + " cmsgs");
        }
        return moreActual ? Optional.of("received more than " + i + " cmsgs") : Optional.empty();
    }

    private Optional<String> compareData(int index, ByteBuffer control, int at, CallContext.ScriptTime time,
                                         long toleranceMicros) {
        if ((level == SOL_IP && type == IP_RECVERR) || (level == SOL_IPV6 && type == IPV6_RECVERR)) {
            return compareError(index, (ExtendedError) data, ExtendedError.decode(control, at));
        }
        if (level == SOL_SOCKET && type == SCM_TIMESTAMPING) {
            Timestamping ts = (Timestamping) data;
            for (int t = 0; t < 3; t++) {
                long seconds = t == 0 ? ts.seconds() : 0;
                long nanos = t == 0 ? ts.nanos() : 0;
                if (seconds == 0 && nanos == 0) {
                    continue;
                }
                long actualMicros = control.getLong(at + 16 * t) * 1_000_000 + control.getLong(at + 16 * t + 8) / 1000;
                long expectedMicros = time.liveMicros(seconds * 1_000_000 + nanos / 1000, actualMicros);
                if (Math.abs(expectedMicros - actualMicros) > toleranceMicros) {
                    long start = time.liveMicros(0, actualMicros);
                    return Optional.of("Bad timestamp " + t + " in scm_timestamping " + index + ": expected=" + expectedMicros
                            + " (" + (expectedMicros - start) + ") actual=" + actualMicros + " (" + (actualMicros - start)
                            + ") start=" + start);
                }
            }
            return Optional.empty();
        }
        byte[] wanted = data.encode(level);
        for (int b = 0; b < wanted.length; b++) {
            if (control.get(at + b) != wanted[b]) {
                String actual = wanted.length == 4 ? Integer.toString(control.getInt(at)) : "bytes differ at " + b;
                String expectedText = data instanceof IntData n ? Integer.toString(n.value()) : "as the script";
                return Optional.of("Bad data in cmsg " + index + ": expected=" + expectedText + " actual=" + actual);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> compareError(int index, ExtendedError e, ExtendedError a) {
        String[] names = {"errno", "origin", "type", "code", "info", "data"};
        long[] expected = {e.errno(), e.origin(), e.type(), e.code(), e.info(), e.data()};
        long[] actual = {a.errno(), a.origin(), a.type(), a.code(), a.info(), a.data()};
        for (int f = 0; f < names.length; f++) {
            if (expected[f] != actual[f]) {
                return Optional.of("Bad " + names[f] + " in extended err " + index + ": expected="
                        + Integer.toUnsignedString((int) expected[f]) + " actual=" + Integer.toUnsignedString((int) actual[f]));
            }
        }
        return Optional.empty();
    }

    @Override public String toString() {
        return "{cmsg_level=" + level + ", cmsg_type=" + type + ", cmsg_data=" + data + "}";
    }
}

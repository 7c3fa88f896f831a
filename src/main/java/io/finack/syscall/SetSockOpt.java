package io.finack.syscall;

import io.finack.kernel.Libc;
import io.finack.kernel.SyscallException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * {@code setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4)}: any level and option the kernel
 * has, with an int ({@code [N]}), a linger struct ({@code {onoff=1, linger=0}}, or with
 * Linux's field names {@code l_onoff}, {@code l_linger}) or bytes ({@code "\xf7\x63..."}, as
 * TCP_FASTOPEN_KEY takes), passed with the script's length, as packetdrill does.
 */
public record SetSockOpt(int fd, Option option, Value value, int length) implements SocketCall {
    /** A level and option, by number and as written. */
    public record Option(int level, int number, String levelName, String name) {
        static Option of(Line line, int levelIndex, int nameIndex) throws NotationException {
            return new Option(line.s32(levelIndex), line.s32(nameIndex), line.argument(levelIndex).toString(),
                    line.argument(nameIndex).toString());
        }

        /** An option by its names, which {@link Symbols} must know. */
        public static Option named(String levelName, String name) {
            return new Option((int) Symbols.value(levelName).orElseThrow(), (int) Symbols.value(name).orElseThrow(),
                    levelName, name);
        }
    }

    /** An option's value as the script writes it. */
    public sealed interface Value {
        /** The bytes passed to the kernel, at least {@code length} of them. */
        byte[] bytes(int length);
    }

    /** {@code [N]}: a C int. */
    public record IntValue(int value) implements Value {
        @Override public byte[] bytes(int length) {
            return ByteBuffer.allocate(Math.max(4, length)).order(ByteOrder.nativeOrder()).putInt(value).array();
        }
        @Override public String toString() { return "[" + value + "]"; }
    }

    /** {@code {onoff=1, linger=0}}: a struct linger. */
    public record Linger(int onoff, int seconds) implements Value {
        @Override public byte[] bytes(int length) {
            return ByteBuffer.allocate(Math.max(8, length)).order(ByteOrder.nativeOrder()).putInt(onoff).putInt(seconds).array();
        }
        @Override public String toString() { return "{onoff=" + onoff + ", linger=" + seconds + "}"; }
    }

    /**
     * finack's {@code {tcpi_snd_cwnd=10, tcpi_state=1, ...}}: named fields of a struct tcp_info,
     * the value getsockopt(TCP_INFO) must return (packetdrill reads them in python blocks).
     * Only read: setsockopt takes no struct of it.
     */
    public record TcpInfoFields(java.util.Map<String, Long> fields) implements Value {
        private static final java.util.Set<String> NAMES = io.finack.kernel.TcpInfo.decode(
                new byte[io.finack.kernel.TcpInfo.SIZE], 0, io.finack.kernel.TcpInfo.SIZE).fields().keySet();

        public TcpInfoFields {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }

        static TcpInfoFields parse(Map<String, Argument> written) throws NotationException {
            java.util.Map<String, Long> fields = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Argument> e : written.entrySet()) {
                if (!NAMES.contains(e.getKey())) {
                    throw new NotationException("struct tcp_info has no field " + e.getKey());
                }
                fields.put(e.getKey(), Notation.integer(e.getValue()));
            }
            return new TcpInfoFields(fields);
        }

        @Override public byte[] bytes(int length) {
            throw new UnsupportedOperationException("a tcp_info is only read");
        }

        @Override public String toString() {
            return fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
        }
    }

    /** A string's bytes, C escapes decoded. */
    public record Bytes(String written) implements Value {
        @Override public byte[] bytes(int length) {
            byte[] decoded = CString.decode(written);
            return java.util.Arrays.copyOf(decoded, Math.max(decoded.length + 1, length));
        }
        @Override public String toString() { return "\"" + written + "\""; }
    }

    /** The int option {@code levelName} {@code name} set to {@code value}. */
    public static SetSockOpt integer(int fd, String levelName, String name, int value) {
        return new SetSockOpt(fd, Option.named(levelName, name), new IntValue(value), 4);
    }

    static SocketCall parse(Line line) throws NotationException {
        line.count(5);
        return new SetSockOpt(line.fd(0), Option.of(line, 1, 2), value(line.argument(3)), line.s32(4));
    }

    private static Value value(Argument a) throws NotationException {
        if (a instanceof Argument.Array) {
            return new IntValue((int) Notation.bracketed(a));
        }
        if (a instanceof Argument.Text text) {
            return new Bytes(text.value());
        }
        if (a instanceof Argument.Struct) {
            Map<String, Argument> fields = Notation.struct(a, "a linger struct");
            Argument onoff = fields.getOrDefault("onoff", fields.get("l_onoff"));
            Argument seconds = fields.getOrDefault("linger", fields.get("l_linger"));
            if (onoff == null || seconds == null || fields.size() != 2) {
                throw new NotationException("SO_LINGER takes {onoff=1, linger=SECONDS}, not " + a);
            }
            return new Linger(Notation.s32(onoff), Notation.s32(seconds));
        }
        throw new NotationException("unsupported setsockopt value type: " + a);
    }

    @Override
    public String name() {
        return "setsockopt";
    }

    @Override
    public Returned run(CallContext context) throws SyscallException, CallFailure {
        int live = context.fds().live(fd);
        return Returned.of(Calls.call("setsockopt",
                () -> Libc.C.setsockopt(live, option.level(), option.number(), value.bytes(length), length)));
    }

    @Override public String toString() {
        return "setsockopt(" + fd + ", " + option.levelName() + ", " + option.name() + ", " + value + ", " + length + ") = 0";
    }
}

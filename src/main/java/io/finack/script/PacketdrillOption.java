package io.finack.script;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * packetdrill's options (its config.c), one table for the command line of
 * {@code finack packetdrill} and for a script's {@code --name=value} header lines: each with
 * the values it takes and whether finack honours it. One that finack cannot honour is refused
 * by name, with the reason, never ignored. Adding one is one line here; what it does is read
 * where it acts, as a {@link Script.Setting} of this name.
 */
public enum PacketdrillOption {
    IP_VERSION(Value.of("ipv4, ipv4-mapped-ipv6 or ipv6", v -> Variant.parse(v).isPresent())),
    LOCAL_IP(Value.ADDRESS),
    REMOTE_IP(Value.ADDRESS),
    GATEWAY_IP(Value.ADDRESS),
    NETMASK_IP(Value.ADDRESS),
    BIND_PORT(Value.PORT),
    CONNECT_PORT(Value.PORT),
    MTU(Value.range(1280, 65516)),
    TOLERANCE_USECS(Value.range(0, 1_000_000_000)),
    TOLERANCE_PERCENT(Value.of("a percentage, 0 to 100", v -> v.matches("\\d+(\\.\\d+)?") && Double.parseDouble(v) <= 100)),
    TCP_TS_TICK_USECS(Value.range(0, 1_000_000)),
    TCP_TS_ECR_SCALED(Value.FLAG),
    /** Each kernel segment matches one script line: packetdrill's aggregation of several is off. */
    STRICT_SEGMENTS(Value.FLAG),
    /** packetdrill keeps send buffers of zero-copy calls alive; finack's calls never free one the kernel may still read. */
    SEND_OMIT_FREE(Value.FLAG),
    DRY_RUN(Value.FLAG),
    VERBOSE(Value.FLAG),
    DEFINE(Value.of("NAME=VALUE", v -> v.indexOf('=') > 0)),
    INIT_SCRIPTS(Value.TEXT),
    /** The segment size of injected TCP packets longer than it: offload frames, as packetdrill writes them to tun. */
    MSS(Value.range(1, 65535)),
    SPEED(refused("the link speed is tun's, and finack's tun0 is a veth pair")),
    NON_FATAL(refused("finack stops a run at its first failure")),
    CODE_COMMAND(refused("finack runs python blocks with python3, or the interpreter $FINACK_PYTHON names")),
    /** packetdrill's only format, which finack's python blocks are. */
    CODE_FORMAT(Value.of("python", "python"::equals)),
    /** packetdrill's only socket option for python blocks, which finack's read. */
    CODE_SOCKOPT(Value.of("TCP_INFO", "TCP_INFO"::equals)),
    WIRE_CLIENT(refused("finack runs on one host; no wire client or server")),
    WIRE_SERVER(refused("finack runs on one host; no wire client or server")),
    WIRE_SERVER_IP(refused("finack runs on one host; no wire client or server")),
    WIRE_SERVER_AT(refused("finack runs on one host; no wire client or server")),
    WIRE_SERVER_PORT(refused("finack runs on one host; no wire client or server")),
    WIRE_CLIENT_DEV(refused("finack runs on one host; no wire client or server")),
    WIRE_SERVER_DEV(refused("finack runs on one host; no wire client or server")),
    SO_FILENAME(refused("finack drives the kernel's own stack, not a shared-object TCP stack")),
    SO_FLAGS(refused("finack drives the kernel's own stack, not a shared-object TCP stack")),
    IS_ANYIP(refused("finack's addresses are its own (see docs/packetdrill-compatibility.md)")),
    PSP_UDP_PORT(refused("PSP needs packetdrill's wire client and server")),
    DEBUG(refused("packetdrill's debug output is of its own code"));

    /** The values an option takes; {@code refusal} present: finack refuses the option with it. */
    public record Value(boolean flag, String describe, Predicate<String> accepts, Optional<String> refusal) {
        static final Value FLAG = new Value(true, "no value", v -> true, Optional.empty());
        static final Value TEXT = of("a value", v -> !v.isEmpty());
        static final Value ADDRESS = of("an IP address", v -> v.matches("[0-9a-fA-F:.]+(/\\d{1,3})?"));
        static final Value PORT = range(1, 65535);

        static Value of(String describe, Predicate<String> accepts) {
            return new Value(false, describe, accepts, Optional.empty());
        }

        static Value range(long low, long high) {
            return of("a whole number from " + low + " to " + high,
                    v -> v.matches("\\d{1,10}") && Long.parseLong(v) >= low && Long.parseLong(v) <= high);
        }
    }

    private final Value value;

    PacketdrillOption(Value value) {
        this.value = value;
    }

    private static Value refused(String why) {
        return new Value(false, "", v -> true, Optional.of(why));
    }

    /** As packetdrill spells it, without the dashes: {@code tolerance_usecs}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean flag() {
        return value.flag();
    }

    /** The keys of the options finack honours. */
    static java.util.Set<String> honoured() {
        return Arrays.stream(values()).filter(o -> o.value.refusal().isEmpty()).map(PacketdrillOption::key)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The option of this name, if packetdrill has one. */
    public static Optional<PacketdrillOption> named(String key) {
        return Arrays.stream(values()).filter(o -> o.key().equals(key)).findFirst();
    }

    /**
     * Checks {@code --key[=value]} (value null: none given) and returns the setting's value
     * ("" for a flag), or why it is refused, in packetdrill's terms.
     */
    public static String check(String key, String given) throws IllegalArgumentException {
        PacketdrillOption option = named(key).orElseThrow(() -> new IllegalArgumentException("unknown option --" + key
                + " (packetdrill's options: --" + Arrays.stream(values()).map(PacketdrillOption::key)
                .collect(Collectors.joining(", --")) + ")"));
        if (option.value.refusal().isPresent()) {
            throw new IllegalArgumentException("option --" + key + " is not supported by finack: " + option.value.refusal().get());
        }
        if (option.flag()) {
            if (given != null) {
                throw new IllegalArgumentException("option --" + key + " takes no value");
            }
            return "";
        }
        if (given == null || given.isEmpty()) {
            throw new IllegalArgumentException("option --" + key + " needs a value: --" + key + "=VALUE");
        }
        if (!option.value.accepts().test(given)) {
            throw new IllegalArgumentException("bad --" + key + ": " + given + " (" + option.value.describe() + ")");
        }
        return given;
    }
}

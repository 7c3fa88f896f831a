package io.finack.script;

import java.util.List;
import java.util.Map;

/**
 * What a packetdrill command line gives every script it runs: its options, as settings read
 * before the script's own (line 0), and its {@code -D NAME=VALUE} defines.
 */
public record Invocation(List<Script.Setting> options, Map<String, String> defines) {
    public static final Invocation NONE = new Invocation(List.of(), Map.of());

    public Invocation {
        options = List.copyOf(options);
        defines = Map.copyOf(defines);
    }
}

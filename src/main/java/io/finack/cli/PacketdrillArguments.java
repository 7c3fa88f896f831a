package io.finack.cli;

import io.finack.script.Invocation;
import io.finack.script.PacketdrillOption;
import io.finack.script.Script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code finack packetdrill}'s command line, read as packetdrill's getopt_long reads its own:
 * {@code --name=value} or {@code --name value}, {@code -D NAME=VALUE} (or {@code -DNAME=VALUE},
 * {@code --define}), {@code -v}; after them the scripts (or folders). finack's own options are
 * spelled with hyphens, packetdrill's with underscores, so they never meet.
 */
record PacketdrillArguments(Invocation invocation, boolean ipVersionGiven, List<String> paths, boolean ktap,
                            Optional<Path> junit, int jobs, Optional<Path> out, boolean noPcap, boolean allowCubic,
                            boolean help) {
    static final String SYNOPSIS = "finack packetdrill [OPTION...] SCRIPT.pkt|FOLDER...";
    static final int MAX_JOBS = 64;

    boolean verbose() {
        return invocation.options().stream().anyMatch(s -> s.name().equals(PacketdrillOption.VERBOSE.key()));
    }

    boolean dryRun() {
        return invocation.options().stream().anyMatch(s -> s.name().equals(PacketdrillOption.DRY_RUN.key()));
    }

    static PacketdrillArguments parse(String[] args) throws CliException {
        List<Script.Setting> options = new ArrayList<>();
        Map<String, String> defines = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        boolean ktap = false;
        boolean noPcap = false;
        boolean allowCubic = false;
        boolean help = false;
        Optional<Path> junit = Optional.empty();
        Optional<Path> out = Optional.empty();
        int jobs = 1;
        boolean ipVersion = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.equals("-")) {
                paths.add(a);
                continue;
            }
            if (a.equals("--")) {
                paths.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (a.startsWith("-D")) {
                String definition = a.length() > 2 ? a.substring(2) : value(args, ++i, "-D");
                define(defines, definition);
                continue;
            }
            if (a.matches("-v+")) {
                options.add(new Script.Setting(PacketdrillOption.VERBOSE.key(), "", 0));
                continue;
            }
            if (!a.startsWith("--")) {
                throw new CliException(ExitStatus.USAGE, "unknown option " + a + " (usage: " + SYNOPSIS + ")");
            }
            int equals = a.indexOf('=');
            String key = equals < 0 ? a.substring(2) : a.substring(2, equals);
            String given = equals < 0 ? null : a.substring(equals + 1);
            switch (key) {
                case "ktap" -> ktap = true;
                case "no-pcap" -> noPcap = true;
                case "allow-cubic" -> allowCubic = true;
                case "help" -> help = true;
                case "junit" -> junit = Optional.of(Path.of(given != null ? given : value(args, ++i, "--junit")));
                case "out" -> out = Optional.of(Path.of(given != null ? given : value(args, ++i, "--out")));
                case "jobs" -> jobs = jobs(given != null ? given : value(args, ++i, "--jobs"));
                default -> {
                    Optional<PacketdrillOption> option = PacketdrillOption.named(key);
                    if (option.isPresent() && !option.get().flag() && given == null && i + 1 < args.length) {
                        given = args[++i];
                    }
                    try {
                        String value = PacketdrillOption.check(key, given);
                        if (key.equals(PacketdrillOption.DEFINE.key())) {
                            define(defines, value);
                        } else {
                            ipVersion |= key.equals(PacketdrillOption.IP_VERSION.key());
                            options.add(new Script.Setting(key, value, 0));
                        }
                    } catch (IllegalArgumentException e) {
                        throw new CliException(ExitStatus.USAGE, e.getMessage());
                    }
                }
            }
        }
        if (paths.isEmpty() && !help) {
            throw new CliException(ExitStatus.USAGE, "no script given (usage: " + SYNOPSIS + ")");
        }
        return new PacketdrillArguments(new Invocation(options, defines), ipVersion, paths, ktap, junit, jobs, out,
                noPcap, allowCubic, help);
    }

    private static void define(Map<String, String> defines, String definition) throws CliException {
        int equals = definition.indexOf('=');
        if (equals <= 0) {
            throw new CliException(ExitStatus.USAGE, "bad definition: " + definition + " (-D NAME=VALUE)");
        }
        defines.put(definition.substring(0, equals), definition.substring(equals + 1));
    }

    private static String value(String[] args, int i, String option) throws CliException {
        if (i >= args.length) {
            throw new CliException(ExitStatus.USAGE, option + " needs a value");
        }
        return args[i];
    }

    private static int jobs(String text) throws CliException {
        int n = RunCommand.atLeastOne("jobs", text);
        if (n > MAX_JOBS) {
            throw new CliException(ExitStatus.USAGE, "--jobs must be at most " + MAX_JOBS + ", not " + n);
        }
        return n;
    }
}

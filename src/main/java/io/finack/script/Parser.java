package io.finack.script;

import io.finack.experiment.TimePoint;
import io.finack.experiment.Timing;
import io.finack.analysis.ReconnectReply;
import io.finack.analysis.Verdict;
import io.finack.experiment.Expectation;
import io.finack.kernel.Errno;
import io.finack.syscall.Argument;
import io.finack.syscall.SocketCall;
import io.finack.syscall.Syscalls;
import io.finack.tcp.Flags;
import io.finack.tcp.SeqNum;
import io.finack.tcp.TcpOption;
import io.finack.tcp.TcpState;
import io.finack.wire.IpFields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a script's tokens into a {@link Script}: settings first, then one event a line. Every
 * malformed line is a {@link ScriptParseException} at the token where it went wrong; what
 * packetdrill has and finack does not (other protocols, other system calls and options) is
 * refused by name, never skipped.
 */
public final class Parser {
    /** The {@code --name=value} settings a script may carry: packetdrill's that finack honours ({@link PacketdrillOption}). */
    public static final Set<String> SETTINGS = PacketdrillOption.honoured();
    private static final Set<String> OTHER_PROTOCOLS = Set.of("udp", "sctp", "gre", "mpls", "udplite");
    private static final long MAX_MICROS = 3_600_000_000L;

    private final List<Token> tokens;
    private int next;
    /** The event being parsed is the script's first: an untimed backtick line there is packetdrill's init command. */
    private boolean firstEvent;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Lexes and parses a script's text. */
    public static Script parse(String name, String text) throws ScriptParseException {
        return parse(name, text, Invocation.NONE);
    }

    /**
     * Lexes and parses a script's text as packetdrill does under {@code invocation}: its
     * defines substitute words, its options come first among the settings, so that the
     * script's own header lines win, as packetdrill applies them after the command line's.
     */
    public static Script parse(String name, String text, Invocation invocation) throws ScriptParseException {
        return new Parser(Lexer.tokens(text, invocation.defines())).script(name, invocation.options());
    }

    private Script script(String name, List<Script.Setting> given) throws ScriptParseException {
        List<Script.Setting> settings = new ArrayList<>(given);
        List<Event> events = new ArrayList<>();
        Header header = new Header();
        while (peek().kind() != Token.Kind.END) {
            Token first = peek();
            switch (first.kind()) {
                case NEWLINE -> take();
                case SYMBOL -> {
                    if (!first.is('@')) {
                        events.add(event());
                    } else if (!events.isEmpty()) {
                        throw ScriptParseException.at(first, "a line starting with @ is an @expect header, which must come "
                                + "before the first event; an extension event needs its time (+0 @state ...)");
                    } else {
                        header.read();
                    }
                    endOfLine();
                }
                case OPTION -> {
                    if (!events.isEmpty()) {
                        throw ScriptParseException.at(first, "option --" + first.text().split("=", 2)[0]
                                + " must come before the first event");
                    }
                    settings.add(setting(take()));
                    endOfLine();
                }
                case PYTHON -> throw ScriptParseException.at(first,
                        "a python block is an event: it needs its time (+0 %{ ... }%)");
                default -> {
                    firstEvent = events.isEmpty();
                    events.add(event());
                    endOfLine();
                }
            }
        }
        return new Script(name, settings, header.closeOrder(events), events);
    }

    /**
     * finack's {@code @expect states ...} and {@code @expect reconnect KIND} header lines: a
     * close-order expectation, judged on the whole run at the end, so that a kernel that
     * behaves otherwise is still described to the end. Each {@code @observe} event reads one
     * of the states.
     */
    private final class Header {
        private Token statesLine;
        private List<Optional<TcpState>> states;
        private Token reconnectLine;
        private ReconnectReply.Kind reconnect;

        void read() throws ScriptParseException {
            take();
            Token expectWord = expect(Token.Kind.WORD, "'expect' after '@' in a header line (@expect states ..., @expect reconnect ...)");
            if (!expectWord.text().equals("expect")) {
                throw ScriptParseException.at(expectWord, "@" + expectWord.text() + " is an event: it needs its time "
                        + "(+0 @" + expectWord.text() + " ...); header lines are @expect states ... and @expect reconnect ...");
            }
            Token what = expect(Token.Kind.WORD, "'states' or 'reconnect' after @expect");
            switch (what.text()) {
                case "states" -> {
                    if (states != null) {
                        throw ScriptParseException.at(what, "@expect states is declared twice (first on line " + statesLine.line() + ")");
                    }
                    statesLine = what;
                    states = new ArrayList<>();
                    while (peek().kind() == Token.Kind.WORD) {
                        states.add(tcpState(take()));
                    }
                    if (states.isEmpty()) {
                        throw ScriptParseException.at(peek(), "@expect states needs the states its @observe lines must read, in order");
                    }
                }
                case "reconnect" -> {
                    if (reconnect != null) {
                        throw ScriptParseException.at(what, "@expect reconnect is declared twice (first on line " + reconnectLine.line() + ")");
                    }
                    reconnectLine = what;
                    Token kind = expect(Token.Kind.WORD, "what the reconnecting SYN gets (" + Arrays.toString(ReconnectReply.Kind.values()) + ")");
                    try {
                        reconnect = ReconnectReply.Kind.valueOf(kind.text());
                    } catch (IllegalArgumentException e) {
                        throw ScriptParseException.at(kind, "unknown reconnect answer '" + kind.text() + "' (one of "
                                + Arrays.toString(ReconnectReply.Kind.values()) + ")");
                    }
                }
                default -> throw ScriptParseException.at(what, "unknown @expect '" + what.text() + "' (known: states, reconnect)");
            }
        }

        /** The declared expectation, checked against the events: one {@code @observe} per state, no {@code @verdict}. */
        Optional<Expectation.CloseOrder> closeOrder(List<Event> events) throws ScriptParseException {
            List<Event> observations = events.stream().filter(e -> e.action() instanceof Action.Observe).toList();
            if (states == null && reconnect == null) {
                if (!observations.isEmpty()) {
                    Event first = observations.get(0);
                    throw new ScriptParseException(first.line(), first.column(),
                            "@observe reads a state for an @expect states header line, and the script has none");
                }
                return Optional.empty();
            }
            if (states == null) {
                throw ScriptParseException.at(reconnectLine, "@expect reconnect needs an @expect states line too");
            }
            if (reconnect == null) {
                throw ScriptParseException.at(statesLine, "@expect states needs an @expect reconnect line too");
            }
            if (observations.size() != states.size()) {
                throw ScriptParseException.at(statesLine, "@expect states names " + states.size() + " states but the script has "
                        + observations.size() + " @observe lines");
            }
            for (Event e : events) {
                if (e.action() instanceof Action.PathVerdict) {
                    throw new ScriptParseException(e.line(), e.column(),
                            "a script with @expect header lines is judged on them at the end; it has no @verdict line");
                }
            }
            return Optional.of(new Expectation.CloseOrder(states, reconnect));
        }
    }

    private static Script.Setting setting(Token option) throws ScriptParseException {
        String text = option.text();
        int equals = text.indexOf('=');
        String key = equals < 0 ? text : text.substring(0, equals);
        if (key.equals(PacketdrillOption.DEFINE.key())) {
            throw ScriptParseException.at(option, "option --define has no effect in a script under packetdrill (the script "
                    + "is read before its options apply); give -D NAME=VALUE on the command line");
        }
        try {
            String value = PacketdrillOption.check(key, equals < 0 ? null : text.substring(equals + 1).strip());
            return new Script.Setting(key, value, option.line());
        } catch (IllegalArgumentException e) {
            throw ScriptParseException.at(option, e.getMessage());
        }
    }

    private Event event() throws ScriptParseException {
        Token first = peek();
        Timing timing;
        if (first.kind() == Token.Kind.COMMAND) {
            timing = new Timing.At(new TimePoint(true, 0));
        } else {
            timing = timing();
        }
        Token start = peek();
        if (timing instanceof Timing.Returning && start.kind() != Token.Kind.WORD) {
            throw ScriptParseException.at(first, "a start...end time is for a system call, which returns at the end");
        }
        Action action = switch (start.kind()) {
            case COMMAND -> new Action.Shell(take().text(), first.kind() == Token.Kind.COMMAND && firstEvent);
            case WORD -> syscall();
            case SYMBOL -> {
                if (start.is('<') || start.is('>')) {
                    yield packet();
                } else if (start.is('@')) {
                    yield extension();
                }
                throw ScriptParseException.at(start, "expected a packet (< or >), a system call, a `command` or an "
                        + "@extension after the time, not " + start.describe());
            }
            case PYTHON -> python(take());
            default -> throw ScriptParseException.at(start, "expected a packet (< or >), a system call, a `command` "
                    + "or an @extension after the time, not " + start.describe());
        };
        return new Event(first.line(), first.column(), timing, action);
    }

    /**
     * A {@code %{ ... }%} block's code, with spaces and tabs (not line breaks) stripped from
     * both ends as packetdrill strips them; its first line is the line of {@code %{}.
     */
    private static Action python(Token block) {
        String inside = block.text().substring(2, block.text().length() - 2);
        return new Action.Python(inside.replaceAll("^[ \t]+|[ \t]+$", ""), block.line());
    }

    private Timing timing() throws ScriptParseException {
        Token first = peek();
        if (first.is('*')) {
            take();
            return new Timing.Any();
        }
        if (!first.is('+') && first.kind() != Token.Kind.NUMBER) {
            throw ScriptParseException.at(first, "an event starts with its time (0.100, +0.010, * or a~b), not "
                    + first.describe());
        }
        TimePoint low = timePoint();
        if (peek().kind() == Token.Kind.ELLIPSIS) {
            take();
            return new Timing.Returning(low, timePoint());
        }
        if (peek().is('~')) {
            take();
            TimePoint high = timePoint();
            return new Timing.Between(low, high);
        }
        return new Timing.At(low);
    }

    private TimePoint timePoint() throws ScriptParseException {
        boolean relative = false;
        if (peek().is('+')) {
            take();
            relative = true;
        }
        Token number = expect(Token.Kind.NUMBER, "a time in seconds");
        if (number.text().startsWith("0x") || number.text().startsWith("0X")) {
            throw ScriptParseException.at(number, "a time is in decimal seconds, not " + number.text());
        }
        BigDecimal seconds = new BigDecimal(number.text());
        BigDecimal micros = seconds.movePointRight(6);
        if (micros.compareTo(BigDecimal.valueOf(MAX_MICROS)) > 0) {
            throw ScriptParseException.at(number, "time " + number.text() + " s is more than an hour");
        }
        if (micros.stripTrailingZeros().scale() > 0) {
            throw ScriptParseException.at(number, "time " + number.text() + " is finer than a microsecond");
        }
        return new TimePoint(relative, micros.longValueExact());
    }

    private Action packet() throws ScriptParseException {
        Action.Direction direction = take().is('<') ? Action.Direction.INBOUND : Action.Direction.OUTBOUND;
        IpFields ip = PacketFields.ipInfo(this, direction);
        Token flagsToken = peek();
        if (flagsToken.isWord("icmp")) {
            return PacketFields.icmp(this, direction, ip);
        }
        if (flagsToken.kind() == Token.Kind.WORD && OTHER_PROTOCOLS.contains(flagsToken.text().toLowerCase(Locale.ROOT))) {
            throw ScriptParseException.at(flagsToken, flagsToken.text() + " packets are not supported: finack speaks TCP only");
        }
        Flags flags = flags();
        Token startToken = peek();
        boolean anySequence = startToken.is('*');
        if (anySequence && direction == Action.Direction.INBOUND) {
            throw ScriptParseException.at(startToken, "an injected segment needs its sequence numbers; '*' only matches");
        }
        long start = anySequence ? anyNumber() : sequence("the start sequence number (START:END(LENGTH))");
        expectSymbol(':', "':' between start and end sequence numbers");
        long end = anySequence ? anyNumber() : sequence("the end sequence number");
        expectSymbol('(', "'(' before the payload length");
        Token lengthToken = expect(Token.Kind.NUMBER, "the payload length");
        int length = (int) Math.min(number(lengthToken), Integer.MAX_VALUE);
        expectSymbol(')', "')' after the payload length");
        if (anySequence) {
            start = 0;
            end = length;
        }
        if (SeqNum.diff(end, start) != length) {
            throw ScriptParseException.at(startToken, "sequence range " + start + ":" + end + " spans "
                    + SeqNum.diff(end, start) + " bytes but the length says " + length);
        }
        if (length > 65000) {
            throw ScriptParseException.at(lengthToken, "payload length " + length + " does not fit a segment");
        }
        OptionalLong ack = OptionalLong.empty();
        OptionalInt window = OptionalInt.empty();
        OptionalInt urgent = OptionalInt.empty();
        Optional<List<TcpOption>> options = Optional.of(List.of());
        boolean optionsSeen = false;
        while (peek().kind() != Token.Kind.NEWLINE && peek().kind() != Token.Kind.NOTE && peek().kind() != Token.Kind.END) {
            Token t = peek();
            if (t.isWord("ack") && ack.isEmpty()) {
                take();
                ack = OptionalLong.of(sequence("the ack number"));
            } else if (t.isWord("win") && window.isEmpty()) {
                take();
                Token w = expect(Token.Kind.NUMBER, "the window");
                long value = number(w);
                if (value > 0xffff) {
                    throw ScriptParseException.at(w, "window " + value + " does not fit 16 bits");
                }
                window = OptionalInt.of((int) value);
            } else if (t.isWord("urg") && urgent.isEmpty() && !optionsSeen) {
                take();
                Token u = expect(Token.Kind.NUMBER, "the urgent pointer");
                if (number(u) > 0xffff) {
                    throw ScriptParseException.at(u, "urg_ptr value out of range: " + u.text() + " (0 to 65535)");
                }
                urgent = OptionalInt.of((int) number(u));
            } else if (t.is('<') && !optionsSeen) {
                options = options();
                optionsSeen = true;
            } else if (t.kind() == Token.Kind.WORD && Set.of("ecr", "val").contains(t.text())) {
                throw ScriptParseException.at(t, "packet field '" + t.text() + "' is not supported by finack");
            } else {
                throw ScriptParseException.at(t, "expected ack N, win N or <options> in a packet line, not " + t.describe());
            }
        }
        if (ack.isPresent() && !flags.ack()) {
            throw ScriptParseException.at(flagsToken, "an ack number needs the ACK flag ('.'): " + flags);
        }
        Optional<String> note = Optional.empty();
        if (peek().kind() == Token.Kind.NOTE) {
            String text = take().text();
            note = text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
        return new Action.Packet(direction, flags, anySequence, start, end, length, ack, window, options, note, ip,
                urgent.orElse(0));
    }

    /** {@code S}, {@code S.}, {@code .}, {@code F.}, {@code P.}: letters and a dot, written together; {@code -}: none. */
    private Flags flags() throws ScriptParseException {
        Token first = peek();
        if (first.is('-')) {
            take();
            return new Flags(0);
        }
        StringBuilder text = new StringBuilder();
        int column = first.column();
        while ((peek().kind() == Token.Kind.WORD || peek().is('.')) && peek().line() == first.line()
                && peek().column() == column) {
            Token t = take();
            text.append(t.text());
            column = t.endColumn();
        }
        if (text.length() == 0) {
            throw ScriptParseException.at(first, "expected TCP flags (S, S., ., F., R, R., P., -) not " + first.describe());
        }
        try {
            return Flags.parse(text.toString());
        } catch (IllegalArgumentException e) {
            throw ScriptParseException.at(first, e.getMessage() + " (flags are letters of SFRPUEWA and '.' for ACK)");
        }
    }

    private Optional<List<TcpOption>> options() throws ScriptParseException {
        take();
        if (peek().kind() == Token.Kind.ELLIPSIS) {
            take();
            expectSymbol('>', "'>' after <...");
            return Optional.empty();
        }
        List<TcpOption> options = new ArrayList<>();
        while (true) {
            options.add(option());
            if (peek().is(',')) {
                take();
            } else {
                expectSymbol('>', "',' or '>' in the options list");
                break;
            }
        }
        int bytes = options.stream().mapToInt(TcpOption::encodedLength).sum();
        if (bytes > 40) {
            throw ScriptParseException.at(peek(), "the options take " + bytes + " bytes; at most 40 fit in a TCP header");
        }
        return Optional.of(options);
    }

    private TcpOption option() throws ScriptParseException {
        Token name = expect(Token.Kind.WORD, "a TCP option (nop, eol, mss N, wscale N, sackOK, sack A:B, TS val N ecr N, "
                + "FO [COOKIE], FOEXP [COOKIE], md5 DIGEST)");
        return switch (name.text()) {
            case "nop" -> new TcpOption.Nop();
            case "eol" -> new TcpOption.EndOfList();
            case "sackOK" -> new TcpOption.SackPermitted();
            case "mss" -> new TcpOption.Mss((int) bounded(expect(Token.Kind.NUMBER, "the MSS"), 0xffff));
            case "wscale" -> new TcpOption.WindowScale((int) bounded(expect(Token.Kind.NUMBER, "the window scale"), 14));
            case "TS" -> {
                expectWord("val");
                long value = bounded(expect(Token.Kind.NUMBER, "the TS value"), SeqNum.MODULUS - 1);
                expectWord("ecr");
                yield new TcpOption.Timestamps(value, bounded(expect(Token.Kind.NUMBER, "the TS echo reply"),
                        SeqNum.MODULUS - 1));
            }
            case "sack" -> {
                List<long[]> blocks = new ArrayList<>();
                while (peek().kind() == Token.Kind.NUMBER) {
                    long left = bounded(take(), SeqNum.MODULUS - 1);
                    expectSymbol(':', "':' in a SACK block");
                    blocks.add(new long[] {left, bounded(expect(Token.Kind.NUMBER, "a SACK block's right edge"),
                            SeqNum.MODULUS - 1)});
                }
                if (blocks.isEmpty() || blocks.size() > 4) {
                    throw ScriptParseException.at(name, "sack takes 1 to 4 blocks LEFT:RIGHT");
                }
                yield new TcpOption.Sack(blocks);
            }
            case "FO" -> new TcpOption.FastOpen(PacketFields.cookie(this, name, TcpOption.FastOpen.MAX_COOKIE));
            case "FOEXP" -> new TcpOption.FastOpenExp(PacketFields.cookie(this, name, TcpOption.FastOpenExp.MAX_COOKIE));
            case "md5" -> new TcpOption.Md5(PacketFields.digest(this, name));
            case "ECN" -> throw ScriptParseException.at(name, "the AccECN option (ECN e0b ...) is not supported by finack: "
                    + "this kernel refuses AccECN (net.ipv4.tcp_ecn=3)");
            default -> throw ScriptParseException.at(name, "TCP option '" + name.text() + "' is not supported by finack "
                    + "(supported: nop, eol, mss, wscale, sackOK, sack, TS, FO, FOEXP, md5)");
        };
    }

    private Action syscall() throws ScriptParseException {
        Token name = take();
        if (Syscalls.named(name.text()).isEmpty()) {
            throw ScriptParseException.at(name, "system call '" + name.text() + "' is not supported by finack (supported: "
                    + String.join(", ", Syscalls.names()) + ")");
        }
        expectSymbol('(', "'(' after " + name.text());
        List<Argument> arguments = new ArrayList<>();
        if (!peek().is(')')) {
            while (true) {
                arguments.add(argument());
                if (peek().is(',')) {
                    take();
                } else {
                    break;
                }
            }
        }
        expectSymbol(')', "',' or ')' in the arguments of " + name.text());
        expectSymbol('=', "'= RESULT' after " + name.text() + "(...)");
        boolean negative = false;
        Token value = peek();
        if (value.is('-')) {
            take();
            negative = true;
        }
        expect(Token.Kind.NUMBER, "the expected return value");
        long result = negative ? -number(tokens.get(next - 1)) : number(value);
        Optional<Errno> errno = Optional.empty();
        if (peek().kind() == Token.Kind.WORD) {
            Token e = take();
            errno = Optional.of(Errno.named(e.text()).orElseThrow(() -> ScriptParseException.at(e,
                    "unknown errno '" + e.text() + "'")));
            if (result != -1) {
                throw ScriptParseException.at(value, "a call that fails with " + e.text() + " returns -1, not " + result);
            }
        } else if (result < -1) {
            throw ScriptParseException.at(value, "a system call returns -1 or a value >= 0, not " + result);
        }
        if (peek().is('(')) {
            skipComment();
        }
        return new Action.Syscall(name.text(), arguments, new SocketCall.Result(result, errno));
    }

    /** packetdrill's {@code (Operation now in progress)} after a result: a comment. */
    private void skipComment() throws ScriptParseException {
        Token open = take();
        int depth = 1;
        while (depth > 0) {
            Token t = take();
            if (t.kind() == Token.Kind.END) {
                throw ScriptParseException.at(open, "'(' after the result is never closed");
            }
            depth += t.is('(') ? 1 : t.is(')') ? -1 : 0;
        }
    }

    private Argument argument() throws ScriptParseException {
        Token t = peek();
        switch (t.kind()) {
            case ELLIPSIS -> {
                take();
                return new Argument.Ellipsis();
            }
            case NUMBER -> {
                if (t.text().contains(".")) {
                    throw ScriptParseException.at(t, t.text() + " is not an argument finack takes (an address? finack "
                            + "supplies them: write ...)");
                }
                Token n = take();
                return peek().is('|') ? names(n.text()) : new Argument.Number(number(n));
            }
            case STRING -> {
                return new Argument.Text(take().text());
            }
            case WORD -> {
                if (tokens.get(next + 1).is('(')) {
                    return function();
                }
                return names(take().text());
            }
            default -> {
                if (t.is('-')) {
                    take();
                    return new Argument.Number(-number(expect(Token.Kind.NUMBER, "a number after '-'")));
                }
                if (t.is('[')) {
                    take();
                    List<Argument> elements = new ArrayList<>();
                    while (!peek().is(']')) {
                        elements.add(argument());
                        if (!peek().is(']')) {
                            expectSymbol(',', "',' or ']' in [...]");
                        }
                    }
                    take();
                    return new Argument.Array(elements);
                }
                if (t.is('{')) {
                    take();
                    return isField() || peek().is('}') ? struct() : tuple();
                }
                throw ScriptParseException.at(t, "expected an argument (a number, a constant, ..., [..] or {..}), not "
                        + t.describe());
            }
        }
    }

    /**
     * Constants or'ed together, from the first one on: {@code O_RDWR|O_NONBLOCK}; a number
     * may stand among them.
     */
    private Argument names(String first) throws ScriptParseException {
        List<String> names = new ArrayList<>(List.of(first));
        while (peek().is('|')) {
            take();
            Token t = peek();
            if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.NUMBER) {
                throw ScriptParseException.at(t, "expected a constant after '|', not " + t.describe());
            }
            names.add(take().text());
        }
        return new Argument.Names(names);
    }

    /** After '{': a field {@code name=} or {@code name(...)=} comes next. */
    private boolean isField() {
        Token after = tokens.get(next + 1);
        return peek().kind() == Token.Kind.WORD && (after.is('=') || after.is('('));
    }

    /** {@code {name=value, msg_iov(1)=[...], ...}} after its '{'. */
    private Argument struct() throws ScriptParseException {
        Map<String, Argument> fields = new LinkedHashMap<>();
        while (!peek().is('}')) {
            Token field = expect(Token.Kind.WORD, "a field name in {...}");
            Argument count = null;
            if (peek().is('(')) {
                take();
                count = argument();
                expectSymbol(')', "')' after the count of " + field.text());
            }
            expectSymbol('=', "'=' after the field name " + field.text());
            Argument value = argument();
            if (fields.put(field.text(), count == null ? value : new Argument.Sized(count, value)) != null) {
                throw ScriptParseException.at(field, "field " + field.text() + " is given twice");
            }
            if (!peek().is('}')) {
                expectSymbol(',', "',' or '}' in {...}");
            }
        }
        take();
        return new Argument.Struct(fields);
    }

    /** {@code {..., 0}} after its '{': values by position. */
    private Argument tuple() throws ScriptParseException {
        List<Argument> elements = new ArrayList<>();
        while (!peek().is('}')) {
            elements.add(argument());
            if (!peek().is('}')) {
                expectSymbol(',', "',' or '}' in {...}");
            }
        }
        take();
        return new Argument.Tuple(elements);
    }

    /** {@code htons(8080)}, {@code inet_addr("192.0.2.1")}: a helper inside a struct, as packetdrill writes addresses. */
    private Argument function() throws ScriptParseException {
        String name = take().text();
        take();
        List<Argument> arguments = new ArrayList<>();
        while (!peek().is(')')) {
            arguments.add(argument());
            if (!peek().is(')')) {
                expectSymbol(',', "',' or ')' in " + name + "(...)");
            }
        }
        take();
        return new Argument.Function(name, arguments);
    }

    private Action extension() throws ScriptParseException {
        take();
        Token name = expect(Token.Kind.WORD, "a finack extension name after '@' (state, observe, verdict)");
        switch (name.text()) {
            case "state" -> {
                return new Action.State(tcpState(expect(Token.Kind.WORD, "a TCP state (ESTABLISHED, FIN_WAIT2, ... or none)")));
            }
            case "observe" -> {
                return new Action.Observe();
            }
            case "verdict" -> {
                Token verdict = expect(Token.Kind.WORD, "a path verdict (" + Arrays.toString(Verdict.values()) + ")");
                try {
                    return new Action.PathVerdict(Verdict.valueOf(verdict.text()));
                } catch (IllegalArgumentException e) {
                    throw ScriptParseException.at(verdict, "unknown verdict '" + verdict.text() + "' (one of "
                            + Arrays.toString(Verdict.values()) + ")");
                }
            }
            default -> throw ScriptParseException.at(name, "unknown finack extension @" + name.text()
                    + " (known: @state, @observe, @verdict; header lines: @expect)");
        }
    }

    /** A TCP state's name, or {@code none}: no socket. */
    private static Optional<TcpState> tcpState(Token state) throws ScriptParseException {
        if (state.text().equals("none")) {
            return Optional.empty();
        }
        try {
            return Optional.of(TcpState.valueOf(state.text()));
        } catch (IllegalArgumentException e) {
            throw ScriptParseException.at(state, "unknown TCP state '" + state.text() + "' (one of "
                    + Arrays.toString(TcpState.values()) + " or none)");
        }
    }

    /** finack's {@code *:*(LENGTH)}: a kernel segment's sequence numbers are not checked. */
    private long anyNumber() throws ScriptParseException {
        expectSymbol('*', "'*' on both sides of ':' (*:*(LENGTH))");
        return 0;
    }

    /** A sequence or ack number: 32 bits, or negative (before the ISN), as finack writes a stale ACK. */
    long sequence(String what) throws ScriptParseException {
        boolean negative = false;
        if (peek().is('-')) {
            take();
            negative = true;
        }
        Token t = expect(Token.Kind.NUMBER, what);
        long value = number(t);
        if (value > SeqNum.MODULUS - 1) {
            throw ScriptParseException.at(t, what + " " + t.text() + " does not fit 32 bits");
        }
        return negative ? -value : value;
    }

    static long bounded(Token t, long max) throws ScriptParseException {
        long value = number(t);
        if (value > max) {
            throw ScriptParseException.at(t, t.text() + " is more than " + max);
        }
        return value;
    }

    /** A whole number, decimal or hexadecimal. */
    static long number(Token t) throws ScriptParseException {
        String text = t.text();
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                if (text.length() == 2) {
                    throw ScriptParseException.at(t, "0x needs hexadecimal digits");
                }
                return Long.parseLong(text.substring(2), 16);
            }
            if (text.contains(".")) {
                throw ScriptParseException.at(t, "expected a whole number, not " + text);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ScriptParseException.at(t, "number " + text + " is too large");
        }
    }

    private void endOfLine() throws ScriptParseException {
        if (peek().kind() == Token.Kind.NOTE) {
            take();
        }
        Token t = peek();
        if (t.kind() != Token.Kind.NEWLINE && t.kind() != Token.Kind.END) {
            throw ScriptParseException.at(t, "expected the end of the line after the event, not " + t.describe());
        }
    }

    Token expect(Token.Kind kind, String what) throws ScriptParseException {
        Token t = peek();
        if (t.kind() != kind) {
            throw ScriptParseException.at(t, "expected " + what + ", not " + t.describe());
        }
        return take();
    }

    void expectSymbol(char c, String what) throws ScriptParseException {
        if (!peek().is(c)) {
            throw ScriptParseException.at(peek(), "expected " + what + ", not " + peek().describe());
        }
        take();
    }

    void expectWord(String word) throws ScriptParseException {
        if (!peek().isWord(word)) {
            throw ScriptParseException.at(peek(), "expected '" + word + "', not " + peek().describe());
        }
        take();
    }

    Token peek() {
        return tokens.get(next);
    }

    Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Token.Kind.END) {
            next++;
        }
        return t;
    }
}

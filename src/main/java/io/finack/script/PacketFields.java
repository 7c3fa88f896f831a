package io.finack.script;

import io.finack.wire.IpFields;

import java.util.HexFormat;
import java.util.Optional;

/**
 * The parts of a packet line beyond flags, numbers and the classic options, read for the
 * {@link Parser} at its cursor: packetdrill's IP fields before the flags ({@code [ect0]},
 * {@code (tos 0x10, flowlabel 0x1)}, {@code (ttl 9)}), an ICMP line, and the hexadecimal blobs
 * of the TCP Fast Open and MD5 options. Errors carry the token's line and column, with
 * packetdrill's wording where it has one.
 */
final class PacketFields {
    private PacketFields() {
    }

    /** packetdrill's {@code opt_ip_info}: nothing, or {@code [INFO]} or {@code (INFO)}. */
    static IpFields ipInfo(Parser p, Action.Direction direction) throws ScriptParseException {
        Token open = p.peek();
        if (!open.is('[') && !open.is('(')) {
            return IpFields.NONE;
        }
        p.take();
        char close = open.is('[') ? ']' : ')';
        IpFields.Tos tos = IpFields.Tos.NONE;
        int tosValue = 0;
        int flowLabel = 0;
        int ttl = 0;
        Token first = p.expect(Token.Kind.WORD, "an IP field (ect0, ect1, ce, noecn, ect01, tos 0xN, flowlabel 0xN, ttl N)");
        Optional<Integer> ecn = IpFields.ecnNamed(first.text());
        if (ecn.isPresent()) {
            tos = IpFields.Tos.ECN;
            tosValue = ecn.get();
        } else if (first.text().equals("ect01")) {
            if (direction != Action.Direction.OUTBOUND) {
                throw ScriptParseException.at(first, "[ect01] can only be used with outbound packets");
            }
            tos = IpFields.Tos.ECT01;
        } else if (first.text().equals("tos")) {
            tos = IpFields.Tos.BYTE;
            tosValue = (int) hex(p, "the TOS byte", 0xff, "tos out of range for 8 bits");
        } else if (first.text().equals("flowlabel")) {
            flowLabel = (int) hex(p, "the flow label", 0xfffff, "flowlabel out of range for 20 bits");
        } else if (first.text().equals("ttl")) {
            ttl = (int) Parser.bounded(p.expect(Token.Kind.NUMBER, "the TTL"), 0xff);
            if (ttl == 0) {
                throw ScriptParseException.at(p.peek(), "a TTL of 0 is packetdrill's 'not given'; write 1 to 255");
            }
        } else {
            throw ScriptParseException.at(first, "unknown IP field '" + first.text()
                    + "' (ect0, ect1, ce, noecn, ect01, tos 0xN, flowlabel 0xN, ttl N)");
        }
        if (tos != IpFields.Tos.NONE && p.peek().is(',')) {
            p.take();
            Token label = p.peek();
            if (!label.isWord("flowlabel")) {
                throw ScriptParseException.at(label, "expected flowlabel 0xN after ',' in the IP fields, not " + label.describe());
            }
            p.take();
            flowLabel = (int) hex(p, "the flow label", 0xfffff, "flowlabel out of range for 20 bits");
        }
        p.expectSymbol(close, "'" + close + "' after the IP fields");
        return new IpFields(tos, tosValue, flowLabel, ttl);
    }

    /** A hexadecimal number {@code 0xN} (packetdrill's HEX_INTEGER) no larger than {@code max}. */
    private static long hex(Parser p, String what, long max, String tooLarge) throws ScriptParseException {
        Token t = p.expect(Token.Kind.NUMBER, what + " in hexadecimal (0x...)");
        if (!t.text().startsWith("0x") && !t.text().startsWith("0X")) {
            throw ScriptParseException.at(t, what + " is written in hexadecimal (0x...), not " + t.text());
        }
        long value = Parser.number(t);
        if (value > max) {
            throw ScriptParseException.at(t, tooLarge);
        }
        return value;
    }

    /**
     * {@code < icmp TYPE [CODE] [mtu N] [id N] [[START:END(LENGTH)]]}; the type and code names
     * are checked per family when the script is translated, as packetdrill checks them for its
     * address family.
     */
    static Action icmp(Parser p, Action.Direction direction, IpFields ip) throws ScriptParseException {
        Token icmp = p.take();
        if (direction != Action.Direction.INBOUND) {
            throw ScriptParseException.at(icmp, "outbound ICMP (> icmp ...) is not checked by finack: only injected ICMP "
                    + "errors (< icmp ...) are supported");
        }
        if (ip.tos() == IpFields.Tos.ECN) {
            throw ScriptParseException.at(icmp, "ECN can only be used with TCP packets");
        }
        String type = p.expect(Token.Kind.WORD, "an ICMP type (unreachable, packet_too_big, time_exceeded, ...)").text();
        Optional<String> code = Optional.empty();
        if (p.peek().kind() == Token.Kind.WORD && !p.peek().isWord("mtu") && !p.peek().isWord("id")) {
            code = Optional.of(p.take().text());
        }
        long mtu = -1;
        if (p.peek().isWord("mtu")) {
            p.take();
            mtu = Parser.bounded(p.expect(Token.Kind.NUMBER, "the MTU"), 0xffffffffL);
        }
        int echoId = 0;
        if (p.peek().isWord("id")) {
            p.take();
            echoId = (int) Parser.bounded(p.expect(Token.Kind.NUMBER, "the echo id"), 0xffff);
        }
        long start = 0;
        int length = 0;
        if (p.peek().is('[')) {
            p.take();
            Token what = p.peek();
            if (what.isWord("udp") || what.isWord("raw")) {
                throw ScriptParseException.at(what, "an ICMP error quoting a " + what.text() + " packet is not supported: "
                        + "finack speaks TCP only");
            }
            start = p.sequence("the quoted segment's start sequence number ([START:END(LENGTH)])");
            p.expectSymbol(':', "':' between the quoted segment's start and end");
            long end = p.sequence("the quoted segment's end sequence number");
            p.expectSymbol('(', "'(' before the quoted segment's length");
            Token lengthToken = p.expect(Token.Kind.NUMBER, "the quoted segment's payload length");
            length = (int) Parser.bounded(lengthToken, 65000);
            p.expectSymbol(')', "')' after the quoted segment's length");
            p.expectSymbol(']', "']' after the quoted segment");
            if (end - start != length) {
                throw ScriptParseException.at(what, "sequence range " + start + ":" + end + " spans " + (end - start)
                        + " bytes but the length says " + length);
            }
        }
        return new Action.Icmp(ip, type, code, mtu, echoId, start, length);
    }

    /**
     * A TCP Fast Open cookie after {@code FO} or {@code FOEXP}: nothing (a cookie request) or an
     * even number of hexadecimal digits, at most {@code maxBytes} bytes.
     */
    static byte[] cookie(Parser p, Token option, int maxBytes) throws ScriptParseException {
        Optional<Token> start = blobStart(p, option);
        if (start.isEmpty()) {
            return new byte[0];
        }
        String digits = blob(p, option);
        if ((digits.length() & 1) != 0) {
            throw ScriptParseException.at(start.get(), "TCP fast open cookie has an odd number of digits");
        }
        if (digits.length() / 2 > maxBytes) {
            throw ScriptParseException.at(start.get(), "TCP fast open cookie of " + digits.length() / 2
                    + " bytes exceeds maximum cookie length of " + maxBytes + " bytes");
        }
        return parseHex(start.get(), digits, "TCP fast open cookie '" + digits + "' is not a valid hex string");
    }

    /** The digest after {@code md5}: hexadecimal digits, at most 16 bytes (packetdrill allows shorter). */
    static byte[] digest(Parser p, Token option) throws ScriptParseException {
        Optional<Token> start = blobStart(p, option);
        if (start.isEmpty()) {
            throw ScriptParseException.at(p.peek(), "expected the MD5 digest in hexadecimal after md5, not " + p.peek().describe());
        }
        String digits = blob(p, option);
        if (digits.length() / 2 > 16) {
            throw ScriptParseException.at(start.get(), "TCP MD5 digest longer than 16 bytes");
        }
        if ((digits.length() & 1) != 0) {
            throw ScriptParseException.at(start.get(), "TCP MD5 digest is not a valid hex string");
        }
        return parseHex(start.get(), digits, "TCP MD5 digest is not a valid hex string");
    }

    private static Optional<Token> blobStart(Parser p, Token option) {
        Token next = p.peek();
        boolean blob = (next.kind() == Token.Kind.WORD || next.kind() == Token.Kind.NUMBER) && next.line() == option.line();
        return blob ? Optional.of(next) : Optional.empty();
    }

    /**
     * The hexadecimal blob at the cursor. The lexer splits {@code 3021b9d8} into a number and a
     * word; they are one blob when written together.
     */
    private static String blob(Parser p, Token option) {
        StringBuilder digits = new StringBuilder();
        Token first = p.peek();
        int column = first.column();
        while ((p.peek().kind() == Token.Kind.WORD || p.peek().kind() == Token.Kind.NUMBER)
                && p.peek().line() == option.line() && p.peek().column() == column) {
            Token t = p.take();
            digits.append(t.text());
            column = t.endColumn();
        }
        return digits.toString();
    }

    private static byte[] parseHex(Token at, String digits, String error) throws ScriptParseException {
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw ScriptParseException.at(at, error);
        }
    }
}

package io.finack.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into tokens. Comments ({@code //} to the end of the line, {@code /* *\/}
 * blocks) vanish, except a {@code //} comment after an event on its line, a
 * {@link Token.Kind#NOTE}, which names a kernel segment in reports; a line break is a {@link Token.Kind#NEWLINE} token except inside
 * parentheses, brackets and braces, so that a long system call may span lines. Any character
 * the language has no use for is an error at its line and column.
 *
 * <p>As in packetdrill, a backtick command may span lines (a backslash escapes a backtick in
 * it), and a word that names a define ({@code -D NAME=VALUE}) stands for its value: a quoted
 * {@code "..."} value is a string, a backticked one a command, a whole number (C's strtol,
 * base 0) a number, anything else a word.
 */
public final class Lexer {
    private static final String SYMBOLS = "<>+-*~:()[]{},=|.@";

    private final String text;
    private final java.util.Map<String, String> defines;
    private final List<Token> tokens = new ArrayList<>();
    private int at;
    private int line = 1;
    private int lineStart;
    private int depth;

    private Lexer(String text, java.util.Map<String, String> defines) {
        this.text = text;
        this.defines = defines;
    }

    public static List<Token> tokens(String text) throws ScriptParseException {
        return tokens(text, java.util.Map.of());
    }

    /** The tokens, with each word named in {@code defines} standing for its value. */
    public static List<Token> tokens(String text, java.util.Map<String, String> defines) throws ScriptParseException {
        Lexer lexer = new Lexer(text, defines);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() throws ScriptParseException {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\n') {
                if (depth == 0) {
                    add(Token.Kind.NEWLINE, "\n", at);
                }
                at++;
                newLine();
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                at++;
            } else if (text.startsWith("//", at)) {
                int start = at;
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
                if (depth == 0 && endsAnEvent()) {
                    add(Token.Kind.NOTE, text.substring(start + 2, at).strip(), start);
                }
            } else if (text.startsWith("/*", at)) {
                blockComment();
            } else if (text.startsWith("%{", at)) {
                python();
            } else if (c == '`') {
                command();
            } else if (c == '"') {
                delimited('"', Token.Kind.STRING, "string");
            } else if (text.startsWith("--", at) && atLineStart() && at + 2 < text.length()
                    && isLetter(text.charAt(at + 2))) {
                option();
            } else if (text.startsWith("...", at)) {
                add(Token.Kind.ELLIPSIS, "...", at);
                at += 3;
            } else if (isDigit(c) || (c == '.' && at + 1 < text.length() && isDigit(text.charAt(at + 1)))) {
                number();
            } else if (isLetter(c)) {
                int start = at;
                while (at < text.length() && (isLetter(text.charAt(at)) || isDigit(text.charAt(at)))) {
                    at++;
                }
                word(text.substring(start, at), start);
            } else if (SYMBOLS.indexOf(c) >= 0) {
                depth += switch (c) {
                    case '(', '[', '{' -> 1;
                    case ')', ']', '}' -> depth > 0 ? -1 : 0;
                    default -> 0;
                };
                add(Token.Kind.SYMBOL, String.valueOf(c), at);
                at++;
            } else {
                throw new ScriptParseException(line, column(at), "unexpected character " + printable(c));
            }
        }
        add(Token.Kind.NEWLINE, "\n", at);
        add(Token.Kind.END, "", at);
    }

    private void blockComment() throws ScriptParseException {
        int startLine = line;
        int startColumn = column(at);
        at += 2;
        while (!text.startsWith("*/", at)) {
            if (at >= text.length()) {
                throw new ScriptParseException(startLine, startColumn, "comment /* is never closed with */");
            }
            if (text.charAt(at) == '\n') {
                at++;
                newLine();
            } else {
                at++;
            }
        }
        at += 2;
    }

    /** A python block, kept whole as one token whatever it holds: its code is Python's, not the script's. */
    private void python() throws ScriptParseException {
        int start = at;
        int startLine = line;
        int startColumn = column(at);
        int end = text.indexOf("}%", at + 2);
        if (end < 0) {
            throw new ScriptParseException(startLine, startColumn, "python block %{ is never closed with }%");
        }
        for (int i = at; i < end; i++) {
            if (text.charAt(i) == '\n') {
                lineStart = i + 1;
                line++;
            }
        }
        at = end + 2;
        tokens.add(new Token(Token.Kind.PYTHON, text.substring(start, at), startLine, startColumn));
    }

    /** A backtick command, which may span lines; a backslash escapes the character after it. */
    private void command() throws ScriptParseException {
        int start = at;
        int startLine = line;
        int startColumn = column(at);
        int i = at + 1;
        while (i < text.length() && text.charAt(i) != '`') {
            if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                i++;
            }
            i++;
        }
        if (i >= text.length()) {
            throw new ScriptParseException(startLine, startColumn, "backtick command is never closed with `");
        }
        for (int k = start; k < i; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        tokens.add(new Token(Token.Kind.COMMAND, text.substring(start + 1, i), startLine, startColumn));
        at = i + 1;
    }

    /** A word, or what a define makes of it. */
    private void word(String word, int offset) {
        String value = defines.get(word);
        if (value == null) {
            add(Token.Kind.WORD, word, offset);
        } else if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            add(Token.Kind.STRING, value.substring(1, value.length() - 1), offset);
        } else if (value.length() >= 2 && value.startsWith("`") && value.endsWith("`")) {
            add(Token.Kind.COMMAND, value.substring(1, value.length() - 1), offset);
        } else {
            java.util.OptionalLong number = strtol(value);
            add(number.isPresent() ? Token.Kind.NUMBER : Token.Kind.WORD,
                    number.isPresent() ? Long.toString(number.getAsLong()) : value, offset);
        }
    }

    /** C's strtol(value, &end, 0) when it reads the whole value: decimal, 0x hexadecimal, 0 octal, signed. */
    static java.util.OptionalLong strtol(String value) {
        String v = value.strip();
        boolean negative = v.startsWith("-");
        String digits = negative || v.startsWith("+") ? v.substring(1) : v;
        int radix = 10;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return java.util.OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(digits, radix);
            return java.util.OptionalLong.of(negative ? -n : n);
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    private void delimited(char delimiter, Token.Kind kind, String what) throws ScriptParseException {
        int start = at;
        int end = text.indexOf(delimiter, at + 1);
        int newline = text.indexOf('\n', at + 1);
        if (end < 0 || (newline >= 0 && newline < end)) {
            throw new ScriptParseException(line, column(start), what + " is not closed on its line (" + delimiter + ")");
        }
        tokens.add(new Token(kind, text.substring(start + 1, end), line, column(start)));
        at = end + 1;
    }

    private void option() {
        int start = at;
        while (at < text.length() && text.charAt(at) != '\n' && !text.startsWith("//", at)) {
            at++;
        }
        tokens.add(new Token(Token.Kind.OPTION, text.substring(start + 2, at).strip(), line, column(start)));
    }

    private void number() {
        int start = at;
        if (text.startsWith("0x", at) || text.startsWith("0X", at)) {
            at += 2;
            while (at < text.length() && Character.digit(text.charAt(at), 16) >= 0) {
                at++;
            }
        } else {
            while (at < text.length() && isDigit(text.charAt(at))) {
                at++;
            }
            // A fraction, but not the start of "..." (a time range "0...1" of a blocking call).
            if (at + 1 < text.length() && text.charAt(at) == '.' && isDigit(text.charAt(at + 1))) {
                at++;
                while (at < text.length() && isDigit(text.charAt(at))) {
                    at++;
                }
            }
        }
        add(Token.Kind.NUMBER, text.substring(start, at), start);
    }

    private boolean atLineStart() {
        for (int i = lineStart; i < at; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True when the line so far has a token: a comment here trails an event rather than standing alone. */
    private boolean endsAnEvent() {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).line() == line
                && tokens.get(tokens.size() - 1).kind() != Token.Kind.NEWLINE;
    }

    private void add(Token.Kind kind, String value, int offset) {
        tokens.add(new Token(kind, value, line, column(offset)));
    }

    private void newLine() {
        line++;
        lineStart = at;
    }

    private int column(int offset) {
        return offset - lineStart + 1;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}

package io.finack.script;

/**
 * One lexical unit of a script, with where it starts (line and column from 1). {@code text}
 * is the token as written, except for {@link Kind#COMMAND}, {@link Kind#STRING} and
 * {@link Kind#OPTION}, which hold what is between their delimiters.
 */
public record Token(Kind kind, String text, int line, int column) {
    /** What a token is. */
    public enum Kind {
        /** A decimal or hexadecimal number, maybe with a fraction: {@code 0}, {@code 0.100}, {@code 0x802}. */
        NUMBER,
        /** A name: {@code S}, {@code ack}, {@code SO_REUSEADDR}, {@code sackOK}. */
        WORD,
        /** One punctuation character: {@code < > + - * ~ : ( ) [ ] { } , = | . @}. */
        SYMBOL,
        /** {@code ...}: any options, the harness's addresses, a buffer. */
        ELLIPSIS,
        /** A backtick shell command, without the backticks. */
        COMMAND,
        /** A double-quoted string, without the quotes. */
        STRING,
        /** A {@code --name=value} line before the events, without the dashes. */
        OPTION,
        /** packetdrill's {@code %{ ... }%} python block, delimiters included. */
        PYTHON,
        /**
         * A {@code //} comment after an event on the same line (outside brackets), without the
         * slashes: on a kernel segment's line, its name in reports.
         */
        NOTE,
        /** The end of a line (outside brackets, where an event ends). */
        NEWLINE,
        /** The end of the script. */
        END
    }

    /** True for a symbol token that is exactly {@code c}. */
    public boolean is(char c) {
        return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
    }

    /** True for a word token that is exactly {@code word}. */
    public boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    /** How the token reads in an error message. */
    public String describe() {
        return switch (kind) {
            case NEWLINE -> "the end of the line";
            case END -> "the end of the script";
            case COMMAND -> "a `command`";
            case STRING -> "a string";
            case OPTION -> "an option line --" + text;
            case PYTHON -> "a python block";
            case NOTE -> "a comment";
            default -> "'" + text + "'";
        };
    }

    /** The column just after this token, when it was written on one line. */
    int endColumn() {
        return column + text.length();
    }
}

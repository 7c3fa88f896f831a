package io.finack.script;

/**
 * A script that cannot be read: the only exception the lexer and the parser throw. The
 * message starts with {@code LINE:COLUMN: } (the file name is the caller's to add), and says
 * what was wrong in one line.
 */
public final class ScriptParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    public ScriptParseException(int line, int column, String reason) {
        super(line + ":" + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    static ScriptParseException at(Token token, String reason) {
        return new ScriptParseException(token.line(), token.column(), reason);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }
}

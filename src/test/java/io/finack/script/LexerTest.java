package io.finack.script;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LexerTest {
    private static List<String> kindsAndPlaces(String text) throws ScriptParseException {
        return Lexer.tokens(text).stream().map(t -> t.kind() + " " + t.text().replace("\n", "\\n")
                + " " + t.line() + ":" + t.column()).toList();
    }

    @Test
    void aPacketLineInTokensWithTheirLinesAndColumns() throws ScriptParseException {
        assertEquals(List.of(
                "SYMBOL + 1:1", "NUMBER 0.1 1:2", "SYMBOL > 1:6", "WORD S 1:8", "SYMBOL . 1:9",
                "NUMBER 0 1:11", "SYMBOL : 1:12", "NUMBER 0 1:13", "SYMBOL ( 1:14", "NUMBER 0 1:15", "SYMBOL ) 1:16",
                "WORD ack 1:18", "NUMBER 1 1:22", "SYMBOL < 1:24", "ELLIPSIS ... 1:25", "SYMBOL > 1:28",
                "NEWLINE \\n 1:29", "END  1:29"),
                kindsAndPlaces("+0.1 > S. 0:0(0) ack 1 <...>"));
    }

    @Test
    void commentsVanishAndBlockCommentsKeepLineNumbers() throws ScriptParseException {
        assertEquals(List.of("NEWLINE \\n 1:13", "NUMBER 0 3:4", "WORD close 3:6", "NEWLINE \\n 3:11", "END  3:11"),
                kindsAndPlaces("// a comment\n/* two\n */0 close"));
    }

    /** A comment after an event is a note (a kernel segment's name); one alone on its line, or inside brackets, vanishes. */
    @Test
    void aCommentAfterAnEventIsANote() throws ScriptParseException {
        assertEquals(List.of("NEWLINE \\n 1:9", "NUMBER 0 2:1", "WORD close 2:3", "NOTE stale ACK 2:9",
                        "NEWLINE \\n 2:22", "WORD f 3:1", "SYMBOL ( 3:2", "NUMBER 1 3:3", "SYMBOL , 3:4", "NUMBER 2 4:1",
                        "SYMBOL ) 4:2", "NEWLINE \\n 4:3", "END  4:3"),
                kindsAndPlaces("// alone\n0 close // stale ACK \nf(1, // inside\n2)"));
    }

    @Test
    void newlinesInsideParenthesesDoNotEndTheEvent() throws ScriptParseException {
        assertEquals(List.of("WORD f 1:1", "SYMBOL ( 1:2", "NUMBER 1 1:3", "SYMBOL , 1:4", "NUMBER 2 2:3",
                "SYMBOL ) 2:4", "NEWLINE \\n 2:5", "END  2:5"), kindsAndPlaces("f(1,\n  2)"));
    }

    @Test
    void commandsStringsOptionsAndPython() throws ScriptParseException {
        assertEquals(List.of("OPTION tolerance_usecs=10000 1:1", "NEWLINE \\n 1:24",
                "COMMAND sysctl -q x=1 2:1", "STRING a b 2:17", "NEWLINE \\n 2:22",
                "PYTHON %{\\nprint(1)\\n}% 3:3", "NEWLINE \\n 5:3", "END  5:3"),
                kindsAndPlaces("--tolerance_usecs=10000\n`sysctl -q x=1` \"a b\"\n  %{\nprint(1)\n}%"));
    }

    @Test
    void timesHexAndEllipsisAfterANumber() throws ScriptParseException {
        assertEquals(List.of("NUMBER .5 1:1", "NUMBER 0x802 1:4", "NUMBER 0 1:10", "ELLIPSIS ... 1:11",
                "NUMBER 1 1:14", "NEWLINE \\n 1:15", "END  1:15"), kindsAndPlaces(".5 0x802 0...1"));
    }

    @Test
    void errorsCarryLineAndColumn() {
        assertEquals("2:5: unexpected character '$'",
                assertThrows(ScriptParseException.class, () -> Lexer.tokens("0 x\n1 y $")).getMessage());
        assertEquals("3:2: comment /* is never closed with */",
                assertThrows(ScriptParseException.class, () -> Lexer.tokens("\n\n /* open")).getMessage());
        assertEquals("1:3: backtick command is never closed with `",
                assertThrows(ScriptParseException.class, () -> Lexer.tokens("0 `ls\n")).getMessage());
        assertEquals("1:1: python block %{ is never closed with }%",
                assertThrows(ScriptParseException.class, () -> Lexer.tokens("%{ x")).getMessage());
        assertEquals("1:7: unexpected character U+00E9",
                assertThrows(ScriptParseException.class, () -> Lexer.tokens("0 read\u00e9")).getMessage());
    }

    @Test
    void aBacktickCommandSpansLinesAndTheLinesAfterItKeepTheirNumbers() throws ScriptParseException {
        List<Token> tokens = Lexer.tokens("`a \\` b\nc`\n0 x");
        assertEquals(new Token(Token.Kind.COMMAND, "a \\` b\nc", 1, 1), tokens.get(0));
        assertEquals("WORD x 3:3", kindsAndPlaces("`a\nb`\n0 x").get(3));
    }

    @Test
    void aDefineStandsForItsValueAsPacketdrillsLexerReadsIt() throws ScriptParseException {
        java.util.Map<String, String> defines = java.util.Map.of("N", "0x10", "S", "\"text\"", "C", "`ls`",
                "W", "3021b9d889017eeb", "O", "010");
        List<Token> tokens = Lexer.tokens("N S C W O NOT_DEFINED", defines);
        assertEquals(List.of(new Token(Token.Kind.NUMBER, "16", 1, 1), new Token(Token.Kind.STRING, "text", 1, 3),
                new Token(Token.Kind.COMMAND, "ls", 1, 5), new Token(Token.Kind.WORD, "3021b9d889017eeb", 1, 7),
                new Token(Token.Kind.NUMBER, "8", 1, 9), new Token(Token.Kind.WORD, "NOT_DEFINED", 1, 11)),
                tokens.subList(0, 6));
    }
}

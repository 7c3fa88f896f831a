package io.finack.syscall;

import java.io.ByteArrayOutputStream;

/** A C string literal's bytes: {@code \xHH}, octal {@code \NNN} and the usual one-letter escapes. */
final class CString {
    private CString() {
    }

    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.write(c);
                continue;
            }
            char e = text.charAt(++i);
            if (e == 'x') {
                int end = i + 1;
                while (end < text.length() && end < i + 3 && Character.digit(text.charAt(end), 16) >= 0) {
                    end++;
                }
                out.write(Integer.parseInt(text.substring(i + 1, end), 16));
                i = end - 1;
            } else if (e >= '0' && e <= '7') {
                int end = i;
                while (end < text.length() && end < i + 3 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                    end++;
                }
                out.write(Integer.parseInt(text.substring(i, end), 8));
                i = end - 1;
            } else {
                out.write(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> 0;
                    default -> e;
                });
            }
        }
        return out.toByteArray();
    }
}

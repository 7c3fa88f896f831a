package io.finack.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What one in-process {@code finack} command printed, and its exit status. */
record CliOutcome(int status, String out, String err) {
    static CliOutcome of(String... args) {
        return withInput(new ByteArrayInputStream(new byte[0]), args);
    }

    /** With {@code in} as the command's standard input. */
    static CliOutcome withInput(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = new Main(o, e, in).execute(args);
        }
        return new CliOutcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A usage error: status 2, nothing on stdout, and exactly {@code message} as one line on stderr. */
    static void assertUsageError(String message, String... args) {
        CliOutcome o = of(args);
        assertEquals(ExitStatus.USAGE, o.status(), o.toString());
        assertEquals("", o.out(), o.toString());
        assertEquals(message + "\n", o.err(), o.toString());
    }

    @Override
    public String toString() {
        return "status " + status + ", stdout: " + out + ", stderr: " + err;
    }
}

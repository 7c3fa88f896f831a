package io.finack.python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PythonInterpreterTest {
    @TempDir
    Path dir;

    @Test
    void withoutPython3OnPathTheMessageSaysSoInOneLine() {
        PythonInterpreter.MissingException e = assertThrows(PythonInterpreter.MissingException.class,
                () -> PythonInterpreter.locate(Map.of("PATH", dir.toString())));
        assertEquals("python blocks need a Python 3 interpreter, and python3 is not on PATH "
                + "(scripts/setup installs it; FINACK_PYTHON names another)", e.getMessage());
        e = assertThrows(PythonInterpreter.MissingException.class,
                () -> PythonInterpreter.locate(Map.of("PATH", "/usr/bin", "FINACK_PYTHON", dir.resolve("python9").toString())));
        assertEquals("python blocks need a Python 3 interpreter, and " + dir.resolve("python9")
                + " (FINACK_PYTHON) is not an executable file", e.getMessage());
    }

    @Test
    void finackPythonNamesAnotherInterpreterByPathOrName() throws Exception {
        Path real = PythonInterpreter.locate().executable();
        Path link = Files.createSymbolicLink(dir.resolve("mypython"), real);
        assertEquals(link, PythonInterpreter.locate(Map.of("FINACK_PYTHON", link.toString())).executable());
        assertEquals(link, PythonInterpreter.locate(Map.of("FINACK_PYTHON", "mypython", "PATH", "/nowhere:" + dir)).executable());
    }

    @Test
    void theProgramGoesInOnStandardInputAndRunsFromTheDirectory() throws Exception {
        PythonInterpreter.Run run = PythonInterpreter.locate().run("import os, sys\nprint(os.getcwd())\n"
                + "sys.stderr.write('e' * 200000)\nprint('o' * 200000)\nsys.exit(4)\n", dir, Duration.ofSeconds(20));
        assertTrue(run.finished());
        assertEquals(4, run.status());
        assertTrue(run.output().startsWith(dir.toRealPath() + "\n"), run.output());
        assertEquals(200_000, run.errors().length(), "both pipes drained, so neither can stall the interpreter");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written beside the script");
        }
    }

    @Test
    void aProgramPastItsLimitIsKilled() throws Exception {
        PythonInterpreter python = PythonInterpreter.locate();
        long before = python.run("pass\n", dir, Duration.ofSeconds(20)).status();
        assertEquals(0, before);
        PythonInterpreter.Run run = python.run("import time\ntime.sleep(60)\n", dir, Duration.ofMillis(500));
        assertFalse(run.finished());
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.info().command().orElse("").contains("python")),
                "the interpreter is gone");
    }
}

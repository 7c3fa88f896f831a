package io.finack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code finack doctor [--json]}: the environment checks, with a fix for each gap. */
final class DoctorCommand implements Main.Command {
    private final PrintStream out;

    DoctorCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public int run(String[] args) throws Exception {
        boolean json = false;
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else {
                throw new CliException(ExitStatus.USAGE, "doctor takes only --json");
            }
        }
        List<Doctor.Check> checks = Doctor.run();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("schema", 1, "checks", checks)));
        } else {
            out.print(Doctor.render(checks));
        }
        return Doctor.exitStatus(checks);
    }
}

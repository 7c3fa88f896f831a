package io.finack.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.util.LinkedHashMap;
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
            out.println(json(checks));
        } else {
            out.print(Doctor.render(checks));
        }
        return Doctor.exitStatus(checks);
    }

    /** The document {@code --json} prints (docs/schema/doctor.json): schema, tool, then the checks in order. */
    static String json(List<Doctor.Check> checks) throws JsonProcessingException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", 1);
        doc.put("tool", "finack " + Main.VERSION);
        doc.put("checks", checks);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    }
}

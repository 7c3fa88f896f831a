package io.finack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.report.JsonReport;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.util.List;

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
            if (CommandHelp.isHelp(a)) {
                return CommandHelp.print(out, "finack doctor [--json]",
                        "Checks what experiments need: CAP_SYS_ADMIN, CAP_NET_ADMIN and CAP_NET_RAW, libpcap, nft, "
                                + "a fresh network namespace, the kernel release (the fix is in 5.6+), CONFIG_HZ and "
                                + "tcp_syn_linear_timeouts; one line each, with a fix for each gap (docs/run.md).",
                        new Options().addOption(CommandHelp.help()).addOption(CommandHelp.json("print the checks as one JSON document (docs/json.md)")),
                        "Exit status: 0 experiments can run (warnings included), 2 bad usage, 3 a check failed.");
            }
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
    static String json(List<Doctor.Check> checks) {
        ObjectNode doc = JsonReport.newDocument(Main.VERSION);
        doc.set("checks", new ObjectMapper().valueToTree(checks));
        return JsonReport.write(doc);
    }
}

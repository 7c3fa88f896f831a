package io.finack.testing;

import io.finack.cli.Doctor;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Skips {@link Privileged} tests, with the reason, where the machine cannot run them: the
 * gaps are the ones {@code finack doctor} reports as failures, with its fix for each.
 */
public final class PrivilegedCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> missing = Doctor.run().stream()
                .filter(c -> c.status() == Doctor.Status.FAIL)
                .map(c -> c.name() + ": " + c.detail() + (c.fix() == null ? "" : " (fix: " + c.fix() + ")"))
                .toList();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("finack doctor finds nothing missing");
        }
        String reason = "privileged test skipped: " + String.join("; ", missing);
        if ("1".equals(System.getenv("FINACK_REQUIRE_PRIVILEGED"))) {
            throw new IllegalStateException(reason + " (FINACK_REQUIRE_PRIVILEGED=1 forbids skipping)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}

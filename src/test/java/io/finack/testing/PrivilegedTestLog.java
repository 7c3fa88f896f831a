package io.finack.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends to target/privileged-tests.txt one line per test tagged {@code privileged}: its
 * outcome (SUCCESSFUL, FAILED, ABORTED or SKIPPED), a tab, its unique id. Surefire's reports
 * do not carry JUnit tags, and scripts/test must say how many of the tests it counts drove the
 * live kernel. Appending keeps the lines of every forked JVM; scripts/test starts from
 * {@code mvn clean}. Registered through META-INF/services, so it runs under any launcher.
 */
public final class PrivilegedTestLog implements TestExecutionListener {
    private static final TestTag PRIVILEGED = TestTag.create("privileged");

    private final List<String> lines = new ArrayList<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        lines.clear();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        // A skipped class reports only itself; its tests are skipped with it.
        if (id.isTest()) {
            record(id, "SKIPPED");
        } else {
            plan.getDescendants(id).stream().filter(TestIdentifier::isTest).forEach(t -> record(t, "SKIPPED"));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        // A class that fails before its tests run (its condition or @BeforeAll threw) is one
        // failed test case to surefire, so it counts as one here too.
        if (id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            record(id, result.getStatus().name());
        }
    }

    private void record(TestIdentifier id, String outcome) {
        if (id.getTags().contains(PRIVILEGED)) {
            lines.add(outcome + "\t" + id.getUniqueId());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        // Surefire runs tests with the project folder as working directory and says so in basedir.
        Path file = Path.of(System.getProperty("basedir", "."), "target", "privileged-tests.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

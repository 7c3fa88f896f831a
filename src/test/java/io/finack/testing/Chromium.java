package io.finack.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's headless Chromium, as a person's browser would render a page: scripts run, then
 * the DOM they leave is printed. Its profile goes to a folder the caller owns (a test's
 * temporary folder), so nothing is left in the home folder.
 */
public final class Chromium {
    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** The page's DOM after its scripts ran; fails the test when Chromium is missing. */
    public static String dumpDom(Path page, Path profile) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: scripts/setup installs Debian's chromium package");
        }
        // Root cannot use Chromium's sandbox; the page is finack's own. The virtual time budget
        // lets the page's scripts finish before the DOM is printed.
        return Commands.stdout(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--timeout=60000", "--dump-dom",
                page.toUri().toString());
    }
}

package io.finack.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code finack run race}'s usage errors, found before anything runs (so no privilege is needed). */
class RaceCommandTest {
    private static void assertUsageError(String message, String... args) {
        CliOutcome o = CliOutcome.of(args);
        assertEquals(ExitStatus.USAGE, o.status(), o.toString());
        assertEquals("", o.out(), o.toString());
        assertEquals(message + "\n", o.err(), o.toString());
    }

    @Test
    void cpusMustBeTwoDifferentCpusOfThisMachine() {
        int last = Runtime.getRuntime().availableProcessors() - 1;
        String expected = "--cpus must be two different CPU numbers from 0 to " + last + ", like 0,1, not '%s'";
        for (String bad : new String[] {"0,0", "0", "0,1,2", "a,b", "-1,0", "0," + (last + 1)}) {
            assertUsageError("finack: " + String.format(expected, bad), "run", "race", "--cpus", bad);
        }
    }

    @Test
    void badVariantRepeatOrExtraNamesAreUsageErrors() {
        assertUsageError("finack: --variant must be fin, rst or both, not 'syn'", "run", "race", "--variant", "syn");
        assertUsageError("finack: --repeat must be a whole number >= 1, not '0'", "run", "race", "--repeat", "0");
        assertUsageError("finack: run race takes no other experiment names: [syn-retry]", "run", "race", "syn-retry");
        assertUsageError("finack: --ipv6 and --family are alternatives; give one", "run", "race", "--ipv6",
                "--family", "ipv4");
    }

    @Test
    void helpDescribesTheRaceAndItsOptions() {
        CliOutcome o = CliOutcome.of("run", "race", "--help");
        assertEquals(ExitStatus.OK, o.status(), o.toString());
        for (String option : new String[] {"--variant", "--repeat", "--cpus", "--no-control", "--json", "--out",
                "--no-pcap", "--ipv6", "--family"}) {
            assertTrue(o.out().contains(option), option + " missing: " + o.out());
        }
    }
}

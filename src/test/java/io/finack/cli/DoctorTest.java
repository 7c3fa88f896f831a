package io.finack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finack.cli.Doctor.Check;
import io.finack.cli.Doctor.Release;
import io.finack.cli.Doctor.Status;
import io.finack.testing.JsonSchemas;
import io.finack.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorTest {
    private static final List<String> CAPS = List.of("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_NET_RAW");

    @Test
    void capEffIsReadFromProcStatusLines() {
        List<String> status = List.of("Name:\tjava", "CapInh:\t0000000000000000", "CapPrm:\t000001fffeffffff",
                "CapEff:\t000001fffeffffff", "CapBnd:\t000001fffeffffff");
        assertEquals(OptionalLong.of(0x1fffeffffffL), Doctor.capEff(status));
        assertEquals(OptionalLong.empty(), Doctor.capEff(List.of("Name:\tjava")));
        assertEquals(OptionalLong.empty(), Doctor.capEff(List.of("CapEff:\tnot-hex")));
    }

    @Test
    void everyCapabilityPresentIsOk() {
        List<Check> checks = Doctor.capabilities(OptionalLong.of(0x1fffeffffffL));
        assertEquals(CAPS, checks.stream().map(Check::name).toList());
        assertTrue(checks.stream().allMatch(c -> c.status() == Status.OK && c.fix() == null), checks.toString());
    }

    @Test
    void aMissingCapabilityFailsAloneWithItsOwnFix() {
        long allButNetRaw = 0x1fffeffffffL & ~(1L << 13);
        List<Check> checks = Doctor.capabilities(OptionalLong.of(allButNetRaw));
        assertEquals(Status.OK, checks.get(0).status());
        assertEquals(Status.OK, checks.get(1).status());
        Check netRaw = checks.get(2);
        assertEquals("CAP_NET_RAW", netRaw.name());
        assertEquals(Status.FAIL, netRaw.status());
        assertTrue(netRaw.fix().contains("--cap-add NET_RAW"), netRaw.fix());
    }

    @Test
    void unreadableCapabilitiesFailEveryCheck() {
        List<Check> checks = Doctor.capabilities(OptionalLong.empty());
        assertEquals(3, checks.size());
        assertTrue(checks.stream().allMatch(c -> c.status() == Status.FAIL && c.fix() != null));
    }

    @Test
    void releasesCompareNumericallyNotAsText() {
        assertEquals(Optional.of(new Release(6, 18)), Release.parse("6.18.44-fc-v782"));
        assertTrue(Release.parse("5.10.0-23-amd64").orElseThrow().atLeast(5, 6), "5.10 is after 5.6");
        assertTrue(Release.parse("5.6.0").orElseThrow().atLeast(5, 6));
        assertTrue(Release.parse("6.0").orElseThrow().atLeast(5, 6));
        assertFalse(Release.parse("5.4.0-150-generic").orElseThrow().atLeast(5, 6));
        assertFalse(Release.parse("4.19.0").orElseThrow().atLeast(5, 6));
        assertEquals(Optional.empty(), Release.parse("unknown"));
    }

    @Test
    void kernelsBeforeTheFixWarnAboutTheOneSecondWait() {
        assertEquals(Status.OK, Doctor.kernel(Optional.of("6.18.44-fc-v782")).status());
        Check old = Doctor.kernel(Optional.of("5.4.0-150-generic"));
        assertEquals(Status.WARN, old.status());
        assertTrue(old.detail().contains("9603d47bad46") && old.detail().contains("1 s"), old.detail());
        assertEquals(Status.WARN, Doctor.kernel(Optional.of("weird")).status());
        assertEquals(Status.WARN, Doctor.kernel(Optional.empty()).status());
    }

    @Test
    void hzComesFromTheConfigHzLineOfAGzippedConfig() throws IOException {
        String config = String.join("\n", "# CONFIG_HZ_PERIODIC is not set", "# CONFIG_HZ_100 is not set",
                "CONFIG_HZ_250=y", "# CONFIG_HZ_1000 is not set", "CONFIG_HZ=250", "");
        assertEquals(OptionalInt.of(250), Doctor.configHz(gzip(config)));
        assertEquals(OptionalInt.empty(), Doctor.configHz(gzip("CONFIG_HZ_1000=y\nCONFIG_NET_NS=y\n")));
        assertThrows(IOException.class, () -> Doctor.configHz(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8))),
                "a config that is not gzipped is an error, not a silent 'unknown'");
    }

    @Test
    void fastRetryIsTwoJiffies() {
        assertEquals("2 ms", Doctor.fastRetryMillis(1000));
        assertEquals("8 ms", Doctor.fastRetryMillis(250));
        assertEquals("20 ms", Doctor.fastRetryMillis(100));
        assertEquals("6.7 ms", Doctor.fastRetryMillis(300));
        assertTrue(Doctor.hz(OptionalInt.of(250)).detail().contains("8 ms"));
        Check unknown = Doctor.hz(OptionalInt.empty());
        assertEquals(Status.WARN, unknown.status());
        assertTrue(unknown.detail().contains("2 ms at HZ=1000") && unknown.detail().contains("8 ms at HZ=250"),
                unknown.detail());
    }

    @Test
    void synLinearTimeoutsIsReportedWhenPresent() {
        assertTrue(Doctor.synLinearTimeouts(Optional.of("4\n")).detail().startsWith("4 in this namespace"));
        assertTrue(Doctor.synLinearTimeouts(Optional.empty()).detail().startsWith("absent"));
    }

    @Test
    void aMissingLibraryIsAFailedCheckNotAnException() {
        Check check = Doctor.libpcap("finack-no-such-library");
        assertEquals(Status.FAIL, check.status());
        assertTrue(check.detail().startsWith("cannot load libfinack-no-such-library: libfinack-no-such-library.so"),
                "the reason, not JNA's lead-in line: " + check.detail());
        assertFalse(check.detail().contains("\n"), "one line");
        assertEquals("apt-get install -y libpcap0.8", check.fix());
    }

    @Test
    void nftIsLookedUpOnTheGivenPath(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Files.createFile(bin.resolve("nft"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        Check found = Doctor.nft(empty + ":" + bin);
        assertEquals(Status.OK, found.status());
        assertEquals(bin.resolve("nft").toString(), found.detail());
        assertEquals(Status.FAIL, Doctor.nft(empty.toString()).status());
        assertEquals(Status.FAIL, Doctor.nft(null).status());
    }

    @Test
    void onlyAFailureMakesTheEnvironmentStatus() {
        Check ok = Check.ok("a", "fine");
        Check warn = new Check("b", Status.WARN, "odd", "look");
        Check fail = new Check("c", Status.FAIL, "broken", "mend");
        assertEquals(0, Doctor.exitStatus(List.of()));
        assertEquals(0, Doctor.exitStatus(List.of(ok, warn)));
        assertEquals(3, Doctor.exitStatus(List.of(ok, warn, fail)));
    }

    @Test
    void textHasOneAlignedLinePerCheckAndTheFixBelow() {
        String text = Doctor.render(List.of(Check.ok("nft", "/usr/sbin/nft"),
                new Check("CAP_NET_RAW", Status.FAIL, "missing", "run as root")));
        List<String> lines = text.lines().toList();
        assertEquals(List.of(
                "OK    nft          /usr/sbin/nft",
                "FAIL  CAP_NET_RAW  missing",
                "      fix: run as root"), lines);
    }

    @Test
    void jsonCarriesStatusAsAWordAndLeavesOutAnEmptyFix() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<?, ?> ok = json.readValue(json.writeValueAsString(Check.ok("nft", "/usr/sbin/nft")), Map.class);
        assertEquals(Map.of("name", "nft", "status", "OK", "detail", "/usr/sbin/nft"), ok);
        Map<?, ?> fail = json.readValue(json.writeValueAsString(new Check("nft", Status.FAIL, "absent", "apt-get install -y nftables")), Map.class);
        assertEquals("FAIL", fail.get("status"));
        assertEquals("apt-get install -y nftables", fail.get("fix"));
    }

    @Test
    void jsonOfPassingAndFailingChecksHoldsToItsSchema() throws IOException {
        JsonSchemas.DOCTOR.assertValid(DoctorCommand.json(Doctor.run()));
        JsonSchemas.DOCTOR.assertValid(DoctorCommand.json(List.of(Check.ok("nft", "/usr/sbin/nft"),
                new Check("netns", Status.FAIL, "unshare(CLONE_NEWNET): EPERM", "run as root"),
                new Check("kernel", Status.WARN, "Linux 5.4: before 5.6", "upgrade"))));
        String withoutFix = DoctorCommand.json(List.of(new Check("netns", Status.FAIL, "unshare(CLONE_NEWNET): EPERM", null)));
        assertFalse(JsonSchemas.DOCTOR.errors(withoutFix).isEmpty(), "a failed check must say its fix: " + withoutFix);
    }

    @Test
    void theFullRunNeverThrowsAndNamesEveryCheck() {
        List<Check> checks = Doctor.run();
        assertEquals(List.of("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_NET_RAW", "libpcap", "nft", "python3", "netns", "kernel",
                "CONFIG_HZ", "tcp_syn_linear_timeouts", "counters", "tcp_info", "drop reasons"),
                checks.stream().map(Check::name).toList());
        for (Check c : checks) {
            assertNotNull(c.status(), c.name());
            assertFalse(c.detail().isBlank(), c.name());
            if (c.status() == Status.OK) {
                assertNull(c.fix(), c.name());
            } else {
                assertNotNull(c.fix(), c.name());
            }
        }
    }

    /** Where privileged tests run, the doctor must agree that experiments can run. */
    @Test
    @Privileged
    void aPrivilegedMachinePassesEveryCheck() {
        List<Check> checks = Doctor.run();
        assertEquals(0, Doctor.exitStatus(checks), Doctor.render(checks));
        Check libpcap = checks.stream().filter(c -> c.name().equals("libpcap")).findFirst().orElseThrow();
        assertTrue(libpcap.detail().startsWith("libpcap version "), libpcap.detail());
    }

    private static InputStream gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}

package io.finack.cli;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NativeLibraryPathTest {
    @Test
    void theExistingFoldersOfTheArchitectureWhenOneHoldsLibpcap() {
        Set<String> dirs = Set.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib", "/lib");
        assertEquals("/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu:/usr/lib:/lib",
                NativeLibraryPath.path("amd64", dirs::contains, "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"::equals));
        assertEquals("/usr/lib64:/usr/lib", NativeLibraryPath.path("ppc64le", Set.of("/usr/lib64", "/usr/lib")::contains,
                "/usr/lib64/libpcap.so.1"::equals));
    }

    @Test
    void noPathWhereNoFolderHoldsLibpcapSoJnaAsksLdconfig() {
        assertNull(NativeLibraryPath.path("amd64", d -> true, f -> false));
        assertNull(NativeLibraryPath.path("aarch64", Set.of("/usr/lib")::contains, "/usr/local/lib/libpcap.so.1"::equals));
    }
}

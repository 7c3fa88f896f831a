package io.finack.cli;

import java.util.OptionalInt;

/** The running kernel's facts that tests outside this package need, read as doctor reads them. */
public final class KernelConfig {
    private KernelConfig() {
    }

    /** CONFIG_HZ, when the kernel's config says it. */
    public static OptionalInt hz() {
        return Doctor.configHz(HostFacts.kernelRelease());
    }
}

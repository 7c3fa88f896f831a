package io.finack.experiment;

import io.finack.tcp.Flags;
import io.finack.wire.IpFields;

import java.util.Optional;

/**
 * The ECN flags of a kernel segment that differ from the line's, in packetdrill's words and
 * order ({@code live packet field tcp_ece: expected: 1 (0x1) vs actual: 0 (0x0)}, then
 * {@code tcp_cwr}, then {@code tcp_ae}), when they are all that differs.
 */
final class EcnFlags {
    private static final int ECN_BITS = Flags.ECE | Flags.CWR | Flags.AE;

    private EcnFlags() {
    }

    static Optional<String> mismatch(Flags expected, Flags actual) {
        if (((expected.bits() ^ actual.bits()) & ~ECN_BITS) != 0) {
            return Optional.empty();
        }
        if (expected.ece() != actual.ece()) {
            return Optional.of(IpFields.field("tcp_ece", bit(expected.ece()), bit(actual.ece())));
        }
        if (expected.cwr() != actual.cwr()) {
            return Optional.of(IpFields.field("tcp_cwr", bit(expected.cwr()), bit(actual.cwr())));
        }
        return Optional.of(IpFields.field("tcp_ae", bit(expected.ae()), bit(actual.ae())));
    }

    private static int bit(boolean set) {
        return set ? 1 : 0;
    }
}

package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.wire.IcmpCodec;
import io.finack.wire.IpFields;

/**
 * An ICMP error the harness injects about a segment the kernel sent, as packetdrill builds it:
 * {@code quotedStart} is relative to the kernel's ISN (0 when the line quotes no segment),
 * {@code quotedLength} the quoted segment's payload; {@code mtu} -1 and {@code echoId} 0 mean
 * none. {@code name} is the line's notation, for reports. {@code typeCode} is empty when the
 * line's names do not exist on the run's family ({@code packet_too_big} on IPv4), with
 * {@code invalid} saying so: the script is translated for both families, and like packetdrill
 * finack fails the line on the family it does not fit.
 */
public record IcmpTemplate(String name, java.util.Optional<IcmpCodec.TypeCode> typeCode, String invalid, long mtu, int echoId,
                           long quotedStart, int quotedLength, IpFields ip) {
    /** The frame, with the quoted sequence number made absolute now that the kernel's ISN is known. */
    byte[] encode(Endpoint harness, Endpoint kernel, SequenceMap numbers) throws PlanFailure {
        if (typeCode.isEmpty()) {
            throw new PlanFailure(invalid);
        }
        long seq;
        try {
            seq = numbers.kernelAbsolute(quotedStart);
        } catch (IllegalStateException e) {
            throw new PlanFailure("an ICMP error quotes a kernel segment, and the kernel has sent no SYN or SYN/ACK yet");
        }
        return IcmpCodec.encode(harness, kernel, typeCode.get(), mtu, echoId, seq, quotedLength, ip);
    }

    @Override
    public String toString() {
        return name;
    }
}

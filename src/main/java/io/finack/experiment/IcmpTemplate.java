package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.wire.IcmpCodec;
import io.finack.wire.IpFields;

/**
 * An ICMP error the harness injects about a segment the kernel sent, as packetdrill builds it:
 * {@code quotedStart} is relative to the kernel's ISN (0 when the line quotes no segment),
 * {@code quotedLength} the quoted segment's payload; {@code mtu} -1 and {@code echoId} 0 mean
 * none. {@code name} is the line's notation, for reports.
 */
public record IcmpTemplate(String name, IcmpCodec.TypeCode typeCode, long mtu, int echoId, long quotedStart, int quotedLength,
                           IpFields ip) {
    /** The frame, with the quoted sequence number made absolute now that the kernel's ISN is known. */
    byte[] encode(Endpoint harness, Endpoint kernel, SequenceMap numbers) throws PlanFailure {
        long seq;
        try {
            seq = numbers.kernelAbsolute(quotedStart);
        } catch (IllegalStateException e) {
            throw new PlanFailure("an ICMP error quotes a kernel segment, and the kernel has sent no SYN or SYN/ACK yet");
        }
        return IcmpCodec.encode(harness, kernel, typeCode, mtu, echoId, seq, quotedLength, ip);
    }

    @Override
    public String toString() {
        return name;
    }
}

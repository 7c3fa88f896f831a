package io.finack.wire;

import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * Opens libpcap handles on lo. Must be called on a thread inside the network namespace the
 * handle is for: the packet socket behind it stays in the namespace it was opened in.
 */
final class LoopbackHandles {
    static final String LOOPBACK = "lo";

    private LoopbackHandles() {
    }

    /**
     * Immediate mode, because without it captured frames wait in the kernel ring until a block
     * fills; nanosecond timestamps, because the intervals measured are a few milliseconds.
     */
    static PcapHandle open() throws PcapNativeException {
        return new PcapHandle.Builder(LOOPBACK)
                .snaplen(PcapWriter.SNAPLEN)
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(1)
                .immediateMode(true)
                .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                .build();
    }
}

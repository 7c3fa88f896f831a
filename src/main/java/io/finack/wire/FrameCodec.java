package io.finack.wire;

import io.finack.tcp.Endpoint;
import io.finack.tcp.Flags;
import io.finack.tcp.Segment;
import io.finack.tcp.TcpOption;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpEndOfOptionList;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpNoOperationOption;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.TcpSackOption;
import org.pcap4j.packet.TcpSackPermittedOption;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.TcpWindowScaleOption;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.UnknownTcpOption;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpOptionKind;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.util.ByteArrays;
import org.pcap4j.util.MacAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Encodes TCP frames to the bytes lo carries and decodes them back, with pcap4j's packet
 * builders and factories. Stateless.
 *
 * <p>libpcap shows lo as Ethernet (DLT_EN10MB) with all-zero MAC addresses; a frame with any
 * other destination MAC is dropped by the kernel as PACKET_OTHERHOST, so both MACs are zero.
 * IPv4 frames carry DF and TTL 64, IPv6 frames hop limit 64, as the kernel's own do.
 */
public final class FrameCodec {
    private static final MacAddress ZERO_MAC = MacAddress.getByAddress(new byte[6]);
    private static final int TTL = 64;

    private FrameCodec() {
    }

    public static byte[] encode(TcpFrame frame) {
        Segment s = frame.segment();
        Flags f = s.flags();
        TcpPacket.Builder tcp = new TcpPacket.Builder()
                .srcPort(TcpPort.getInstance((short) frame.source().port()))
                .dstPort(TcpPort.getInstance((short) frame.destination().port()))
                .sequenceNumber((int) s.seq())
                .acknowledgmentNumber((int) s.ack())
                .reserved((byte) ((f.ae() ? 4 : 0) | (f.cwr() ? 2 : 0) | (f.ece() ? 1 : 0)))
                .urg(f.urg()).ack(f.ack()).psh(f.psh()).rst(f.rst()).syn(f.syn()).fin(f.fin())
                .window((short) s.window())
                .urgentPointer((short) s.urgentPointer())
                .options(s.options().stream().map(FrameCodec::toPcap4j).toList())
                .srcAddr(frame.source().address())
                .dstAddr(frame.destination().address())
                .paddingAtBuild(true)
                .correctLengthAtBuild(true)
                .correctChecksumAtBuild(true);
        if (s.payloadLength() > 0) {
            tcp.payloadBuilder(new UnknownPacket.Builder().rawData(s.payload()));
        }
        Packet.Builder ip;
        EtherType etherType;
        if (frame.source().ipv6()) {
            etherType = EtherType.IPV6;
            ip = new IpV6Packet.Builder()
                    .version(IpVersion.IPV6)
                    .trafficClass(IpV6SimpleTrafficClass.newInstance((byte) 0))
                    .flowLabel(IpV6SimpleFlowLabel.newInstance(0))
                    .nextHeader(IpNumber.TCP)
                    .hopLimit((byte) TTL)
                    .srcAddr((Inet6Address) frame.source().address())
                    .dstAddr((Inet6Address) frame.destination().address())
                    .payloadBuilder(tcp)
                    .correctLengthAtBuild(true);
        } else {
            etherType = EtherType.IPV4;
            ip = new IpV4Packet.Builder()
                    .version(IpVersion.IPV4)
                    .ihl((byte) 5)
                    .tos(IpV4Rfc791Tos.newInstance((byte) 0))
                    .identification((short) 0)
                    .dontFragmentFlag(true)
                    .ttl((byte) TTL)
                    .protocol(IpNumber.TCP)
                    .srcAddr((Inet4Address) frame.source().address())
                    .dstAddr((Inet4Address) frame.destination().address())
                    .payloadBuilder(tcp)
                    .correctLengthAtBuild(true)
                    .correctChecksumAtBuild(true);
        }
        return new EthernetPacket.Builder()
                .dstAddr(ZERO_MAC)
                .srcAddr(ZERO_MAC)
                .type(etherType)
                .payloadBuilder(ip)
                .pad(new byte[0])
                .build()
                .getRawData();
    }

    /** Decodes an Ethernet frame as lo carries it; empty when it is not TCP over IPv4 or IPv6. */
    public static Optional<TcpFrame> decodeEthernet(byte[] raw) {
        try {
            return fromIp(EthernetPacket.newPacket(raw, 0, raw.length));
        } catch (IllegalRawDataException e) {
            return Optional.empty();
        }
    }

    /** Decodes the TCP content of any packet pcap4j has parsed, whatever its link layer. */
    public static Optional<TcpFrame> fromIp(Packet packet) {
        IpPacket ip = packet.get(IpPacket.class);
        TcpPacket tcp = packet.get(TcpPacket.class);
        if (ip == null || tcp == null) {
            return Optional.empty();
        }
        TcpPacket.TcpHeader h = tcp.getHeader();
        int flagBits = (h.getFin() ? Flags.FIN : 0) | (h.getSyn() ? Flags.SYN : 0) | (h.getRst() ? Flags.RST : 0)
                | (h.getPsh() ? Flags.PSH : 0) | (h.getAck() ? Flags.ACK : 0) | (h.getUrg() ? Flags.URG : 0)
                | ((h.getReserved() & 1) != 0 ? Flags.ECE : 0) | ((h.getReserved() & 2) != 0 ? Flags.CWR : 0)
                | ((h.getReserved() & 4) != 0 ? Flags.AE : 0);
        List<TcpOption> options = new ArrayList<>();
        for (TcpPacket.TcpOption o : h.getOptions()) {
            options.add(fromPcap4j(o));
        }
        // The codec pads short option lists with zero bytes, which read back as one end-of-list.
        if (!options.isEmpty() && options.get(options.size() - 1) instanceof TcpOption.EndOfList) {
            options.remove(options.size() - 1);
        }
        Packet payload = tcp.getPayload();
        Segment segment = Segment.builder()
                .flags(new Flags(flagBits))
                .seq(h.getSequenceNumberAsLong())
                .ack(h.getAcknowledgmentNumberAsLong())
                .window(h.getWindowAsInt())
                .urgentPointer(h.getUrgentPointerAsInt())
                .options(options)
                .payload(payload == null ? new byte[0] : payload.getRawData())
                .build();
        return Optional.of(new TcpFrame(
                new Endpoint(ip.getHeader().getSrcAddr(), h.getSrcPort().valueAsInt()),
                new Endpoint(ip.getHeader().getDstAddr(), h.getDstPort().valueAsInt()),
                segment));
    }

    private static TcpPacket.TcpOption toPcap4j(TcpOption option) {
        // Java 17 has no pattern switch; the sealed interface keeps this chain complete.
        if (option instanceof TcpOption.EndOfList) {
            return TcpEndOfOptionList.getInstance();
        } else if (option instanceof TcpOption.Nop) {
            return TcpNoOperationOption.getInstance();
        } else if (option instanceof TcpOption.Mss m) {
            return new TcpMaximumSegmentSizeOption.Builder()
                    .maxSegSize((short) m.value()).correctLengthAtBuild(true).build();
        } else if (option instanceof TcpOption.WindowScale w) {
            return new TcpWindowScaleOption.Builder()
                    .shiftCount((byte) w.shift()).correctLengthAtBuild(true).build();
        } else if (option instanceof TcpOption.SackPermitted) {
            return TcpSackPermittedOption.getInstance();
        } else if (option instanceof TcpOption.Sack s) {
            return new TcpSackOption.Builder()
                    .sacks(s.blocks().stream().map(b -> new TcpSackOption.Sack((int) b[0], (int) b[1])).toList())
                    .correctLengthAtBuild(true).build();
        } else if (option instanceof TcpOption.Timestamps t) {
            return new TcpTimestampsOption.Builder()
                    .tsValue((int) t.value()).tsEchoReply((int) t.echoReply()).correctLengthAtBuild(true).build();
        }
        return new UnknownTcpOption.Builder().kind(TcpOptionKind.getInstance((byte) option.kind()))
                .data(io.finack.tcp.OptionData.of(option).orElseThrow()).correctLengthAtBuild(true).build();
    }

    private static TcpOption fromPcap4j(TcpPacket.TcpOption option) {
        if (option instanceof TcpEndOfOptionList) {
            return new TcpOption.EndOfList();
        } else if (option instanceof TcpNoOperationOption) {
            return new TcpOption.Nop();
        } else if (option instanceof TcpMaximumSegmentSizeOption m) {
            return new TcpOption.Mss(m.getMaxSegSizeAsInt());
        } else if (option instanceof TcpWindowScaleOption w) {
            return new TcpOption.WindowScale(w.getShiftCountAsInt());
        } else if (option instanceof TcpSackPermittedOption) {
            return new TcpOption.SackPermitted();
        } else if (option instanceof TcpTimestampsOption t) {
            return new TcpOption.Timestamps(t.getTsValueAsLong(), t.getTsEchoReplyAsLong());
        }
        byte[] raw = option.getRawData();
        if (option instanceof TcpSackOption) {
            // pcap4j 1.8.2 has no accessor for the blocks: read them from the option's bytes.
            List<long[]> blocks = new ArrayList<>();
            for (int i = 2; i + 8 <= raw.length; i += 8) {
                blocks.add(new long[] {ByteArrays.getInt(raw, i) & 0xffffffffL, ByteArrays.getInt(raw, i + 4) & 0xffffffffL});
            }
            return new TcpOption.Sack(blocks);
        }
        return io.finack.tcp.OptionData.read(raw[0] & 0xff, raw.length > 2 ? Arrays.copyOfRange(raw, 2, raw.length) : new byte[0]);
    }
}

/**
 * Frames on lo (and on packetdrill's tun0: captured there, injected on its veth peer by an
 * {@link io.finack.wire.Injector} of its own, with a packet socket for frames longer than the
 * link's MTU). {@link io.finack.wire.FrameCodec} encodes and decodes with pcap4j (the
 * reference); {@link io.finack.wire.FrameView} reads header fields in place for the capture
 * thread's decisions; {@link io.finack.wire.PreparedFrame} is a frame encoded ahead whose ack (or
 * port, seq and ack) is filled in at the last moment. {@link io.finack.wire.Sniffer} captures
 * (and, through its {@link io.finack.wire.Injector}, sends) on one libpcap handle, from a
 * capture thread or read by its caller; {@link io.finack.wire.PacketSocket} is a send-only packet
 * socket without a lock, one per thread that must inject at the same moment as another
 * (the race); {@link io.finack.wire.PcapWriter} writes capture files through libpcap. Reading
 * is {@code io.finack.capture}'s; the tests keep a libpcap reader as the reference it is held to.
 */
package io.finack.wire;

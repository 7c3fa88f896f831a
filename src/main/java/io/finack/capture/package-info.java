/**
 * Fast reading of capture files for {@code finack analyze}: {@link io.finack.capture.CaptureReader}
 * memory-maps, 64 MB at a time, a pcap file (microsecond or nanosecond, either byte order, or
 * the modified format) or a pcapng file (sections, interfaces with their own link types and
 * timestamp resolutions, enhanced, simple and obsolete packet blocks), finds each frame's IP
 * header by its link type (Ethernet with 802.1Q/802.1ad tags, Linux cooked v1 and v2, raw IP,
 * BSD NULL and LOOP), follows IPv4 and IPv6 (extension headers included) to TCP, and decodes
 * the TCP header in place into one reusable {@link io.finack.capture.TcpView}: nothing is
 * allocated per frame.
 *
 * <p>libpcap, read through pcap4j by the tests' {@code wire.PcapReader}, is the reference reader; the
 * tests hold this one to it frame for frame. Faults end the read with the byte offset, or,
 * where the format lets a reader step over them, become warnings with the offset.
 */
package io.finack.capture;

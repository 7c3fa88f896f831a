/**
 * Fast reading of capture files for {@code finack analyze}: {@link io.finack.capture.CaptureReader}
 * reads, a megabyte at a time into one array, a pcap file (microsecond or nanosecond, either byte order, or
 * the modified format) or a pcapng file (sections, interfaces with their own link types and
 * timestamp resolutions, enhanced, simple and obsolete packet blocks), finds each frame's IP
 * header by its link type (Ethernet with 802.1Q/802.1ad tags, Linux cooked v1 and v2, raw IP,
 * BSD NULL and LOOP), follows IPv4 and IPv6 (extension headers included) to TCP, and decodes
 * the TCP header in place into one reusable {@link io.finack.capture.TcpView}: nothing is
 * allocated per frame.
 *
 * <p>The same record and block walk reads a capture from a stream as it arrives
 * ({@code finack analyze -}): {@code ByteWindow} is where the bytes come from, a file or a
 * pipe alike (it keeps the bytes from the record being read on, so memory is bounded by the
 * largest record), and a stream cut
 * short ends with a {@link io.finack.capture.StreamRead} of the frames before the fault. A live
 * capture's frames go through the same decoding one by one ({@link io.finack.capture.LiveRecords}).
 *
 * <p>libpcap, read through pcap4j by the tests' {@code wire.PcapReader}, is the reference reader; the
 * tests hold this one to it frame for frame. Faults end the read with the byte offset, or,
 * where the format lets a reader step over them, become warnings with the offset.
 */
package io.finack.capture;

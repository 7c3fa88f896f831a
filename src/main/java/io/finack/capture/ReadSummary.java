package io.finack.capture;

/**
 * What reading a capture file saw, frames beyond the TCP ones included.
 *
 * @param format          "pcap" or "pcapng", with the timestamp resolution for pcap
 * @param frames          records in the file (the last frame number Wireshark shows)
 * @param tcpFrames       frames handed to the sink
 * @param cutTcpHeaders   TCP frames whose headers the snap length cut short: skipped, counted here
 * @param skippedFrames   frames on an interface whose link type finack cannot read
 * @param bytes           the file's size
 */
public record ReadSummary(String format, long frames, long tcpFrames, long cutTcpHeaders, long skippedFrames, long bytes) {
}

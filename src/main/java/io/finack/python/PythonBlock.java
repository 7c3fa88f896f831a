package io.finack.python;

import io.finack.kernel.CongestionInfo;
import io.finack.kernel.MemInfo;
import io.finack.kernel.TcpInfo;

/**
 * One python block of a script: its {@code code} (spaces and tabs stripped from both ends, as
 * packetdrill strips them), the script's file name {@code source}, and {@code line}, the script
 * line its code starts on, which is also its event's line.
 */
public record PythonBlock(String code, String source, int line) {
    /** What the socket under test reported when the block's line ran; the block's variables come from it. */
    public record Reading(PythonBlock block, TcpInfo tcpInfo, CongestionInfo congestion, MemInfo memory) {
    }

    /** Where the block is, as failures name it: {@code FILE:LINE}. */
    public String where() {
        return source + ":" + line;
    }
}

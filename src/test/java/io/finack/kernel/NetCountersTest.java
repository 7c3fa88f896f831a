package io.finack.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetCountersTest {
    private static final String SNMP = """
            Tcp: RtoAlgorithm RtoMin MaxConn OutRsts
            Tcp: 1 200 -1 3
            Udp: InDatagrams
            Udp: 7
            """;
    private static final String NETSTAT = """
            TcpExt: TW TCPChallengeACK
            TcpExt: 2 0
            """;
    private static final String SNMP6 = """
            Ip6InReceives                   \t12
            Ip6InHdrErrors                  \t0
            """;

    @Test
    void namesEachCounterAsNstatDoes() {
        NetCounters c = NetCounters.parse(SNMP, NETSTAT, SNMP6);
        assertEquals(List.of("TcpRtoAlgorithm", "TcpRtoMin", "TcpMaxConn", "TcpOutRsts", "UdpInDatagrams", "TcpExtTW",
                "TcpExtTCPChallengeACK", "Ip6InReceives", "Ip6InHdrErrors"), List.copyOf(c.values().keySet()));
        assertEquals(-1, c.values().get("TcpMaxConn"));
        assertEquals(12, c.values().get("Ip6InReceives"));
    }

    @Test
    void deltaKeepsEveryCounterAndCountsANewOneFromZero() {
        NetCounters before = NetCounters.parse(SNMP, NETSTAT, "");
        NetCounters after = NetCounters.parse(SNMP.replace("1 200 -1 3", "1 200 -1 5"), NETSTAT.replace("2 0", "2 1"), SNMP6);
        Map<String, Long> delta = before.deltaTo(after);
        assertEquals(2, delta.get("TcpOutRsts"));
        assertEquals(1, delta.get("TcpExtTCPChallengeACK"));
        assertEquals(0, delta.get("TcpExtTW"));
        assertEquals(12, delta.get("Ip6InReceives"));
        assertEquals(after.values().size(), delta.size());
    }

    @Test
    void refusesATableWhoseLinesDoNotPair() {
        assertThrows(IllegalArgumentException.class, () -> NetCounters.parse("Tcp: A B\nTcp: 1\n", "", ""));
        assertThrows(IllegalArgumentException.class, () -> NetCounters.parse("Tcp: A\nUdp: 1\n", "", ""));
    }
}

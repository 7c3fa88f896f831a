package io.finack.tcp;

/** The kernel's TCP states, numbered as in include/net/tcp_states.h (what sock_diag reports). */
public enum TcpState {
    ESTABLISHED(1), SYN_SENT(2), SYN_RECV(3), FIN_WAIT1(4), FIN_WAIT2(5), TIME_WAIT(6), CLOSE(7),
    CLOSE_WAIT(8), LAST_ACK(9), LISTEN(10), CLOSING(11), NEW_SYN_RECV(12);

    private final int number;

    TcpState(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static TcpState ofNumber(int number) {
        for (TcpState s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown TCP state number " + number);
    }
}

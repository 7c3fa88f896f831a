package io.finack.kernel;

/**
 * The integer socket options a script may set, with their level and number as in the Linux
 * headers; the names are the ones scripts write.
 */
public enum IntOption {
    SO_REUSEADDR(Libc.SOL_SOCKET, Libc.SO_REUSEADDR),
    SO_KEEPALIVE(Libc.SOL_SOCKET, 9),
    SO_SNDBUF(Libc.SOL_SOCKET, 7),
    SO_RCVBUF(Libc.SOL_SOCKET, 8),
    TCP_NODELAY(Libc.IPPROTO_TCP, Libc.TCP_NODELAY),
    TCP_MAXSEG(Libc.IPPROTO_TCP, 2),
    TCP_CORK(Libc.IPPROTO_TCP, 3);

    private final int level;
    private final int number;

    IntOption(int level, int number) {
        this.level = level;
        this.number = number;
    }

    public int level() {
        return level;
    }

    public int number() {
        return number;
    }

    /** {@code SOL_SOCKET} or {@code IPPROTO_TCP}, as scripts write the level. */
    public String levelName() {
        return level == Libc.SOL_SOCKET ? "SOL_SOCKET" : "IPPROTO_TCP";
    }
}

package io.finack.kernel;

import java.util.Optional;

/**
 * The Linux errno values that socket calls produce, by number and by name. The names are
 * what a packetdrill-style script writes after {@code = -1}, so they are spelled exactly as
 * in the kernel headers. {@code EWOULDBLOCK} is {@code EAGAIN} on Linux and is not listed.
 */
public enum Errno {
    EPERM(1), ENOENT(2), ESRCH(3), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), EBADF(9), EAGAIN(11), ENOMEM(12),
    EACCES(13), EFAULT(14), EBUSY(16), EEXIST(17), ENODEV(19), ENOTDIR(20), EISDIR(21), EINVAL(22), ENFILE(23),
    EMFILE(24), ENOTTY(25), EFBIG(27), ENOSPC(28), ESPIPE(29), EROFS(30), EPIPE(32), ERANGE(34), ENOMSG(42),
    ENODATA(61), ETIME(62), EPROTO(71), EBADMSG(74), EOVERFLOW(75), EBADFD(77),
    ENOTSOCK(88), EDESTADDRREQ(89), EMSGSIZE(90), EPROTOTYPE(91), ENOPROTOOPT(92),
    EPROTONOSUPPORT(93), ESOCKTNOSUPPORT(94), EOPNOTSUPP(95), EAFNOSUPPORT(97), EADDRINUSE(98), EADDRNOTAVAIL(99),
    ENETDOWN(100), ENETUNREACH(101), ENETRESET(102), ECONNABORTED(103), ECONNRESET(104),
    ENOBUFS(105), EISCONN(106), ENOTCONN(107), ESHUTDOWN(108), ETIMEDOUT(110),
    ECONNREFUSED(111), EHOSTDOWN(112), EHOSTUNREACH(113), EALREADY(114), EINPROGRESS(115);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The entry for an errno number, empty for numbers outside this table. */
    public static Optional<Errno> ofNumber(int number) {
        for (Errno e : values()) {
            if (e.number == number) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The entry for a name such as "ECONNREFUSED", empty for names outside this table. */
    public static Optional<Errno> named(String name) {
        for (Errno e : values()) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}

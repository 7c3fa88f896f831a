package io.finack.syscall;

/** Flags as a script writes them, for a call's own line in reports. */
final class Flags {
    private Flags() {
    }

    /** MSG_* flags by name, or 0. */
    static String msg(int flags) {
        return flags == 0 ? "0" : Symbols.bits("MSG_", Integer.toUnsignedLong(flags));
    }
}

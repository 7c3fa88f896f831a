package io.finack.syscall;

/**
 * A system call's arguments that cannot be read as the call's notation (a wrong type, an
 * unknown symbol, a count that does not match). The message is one line, in packetdrill's
 * wording where packetdrill has one; the script's parser adds the line.
 */
public final class NotationException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotationException(String message) {
        super(message);
    }
}

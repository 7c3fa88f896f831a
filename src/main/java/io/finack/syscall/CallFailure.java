package io.finack.syscall;

/**
 * A call that cannot be made as the script wrote it, once the run is under way: a descriptor
 * the script never opened, or one that is not a socket. The message is packetdrill's.
 */
public final class CallFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public CallFailure(String message) {
        super(message);
    }
}

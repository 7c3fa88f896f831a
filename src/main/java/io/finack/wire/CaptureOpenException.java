package io.finack.wire;

import java.io.IOException;

/** A live capture could not be opened; the message is one line for the user, {@link #kind()} says whose fault it is. */
public final class CaptureOpenException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        /** The interface named does not exist in this namespace, or is down: bad input. */
        NO_SUCH_DEVICE,
        /** The filter does not compile: bad input. */
        FILTER,
        /** The process lacks CAP_NET_RAW: the environment. */
        PERMISSION,
        /** Anything else libpcap or the kernel refused: the environment. */
        OTHER
    }

    private final Kind kind;

    public CaptureOpenException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

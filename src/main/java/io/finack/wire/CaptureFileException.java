package io.finack.wire;

import java.nio.file.Path;

/**
 * A capture file could not be read: missing or unreadable, not a pcap or pcapng file, or cut
 * off in the middle of a record. The message is one line for the user, naming the file and,
 * where reading stopped part-way, the frame number.
 */
public final class CaptureFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    /** {@code message} names the file; {@code reason} says the same without it. */
    CaptureFileException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** "{@code head}: FILE{@code tail}" as the message, "{@code head}{@code tail}" as the reason. */
    public static CaptureFileException of(Path file, String head, String tail, Throwable cause) {
        return new CaptureFileException(head + ": " + file + tail, head + tail, cause);
    }

    /** The message without the file's name, for a caller that prints the name itself ("FILE: reason"). */
    public String reason() {
        return reason;
    }
}

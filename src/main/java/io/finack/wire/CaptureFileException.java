package io.finack.wire;

/**
 * A capture file could not be read: missing or unreadable, not a pcap or pcapng file, or cut
 * off in the middle of a record. The message is one line for the user, naming the file and,
 * where reading stopped part-way, the frame number.
 */
public final class CaptureFileException extends Exception {
    private static final long serialVersionUID = 1L;

    CaptureFileException(String message) {
        super(message);
    }

    CaptureFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

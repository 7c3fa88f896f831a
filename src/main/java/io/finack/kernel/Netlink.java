package io.finack.kernel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The netlink framing that sock_diag and rtnetlink share: header constants, alignment, the
 * walk over the messages of one datagram and the errno an answer may carry. Headers are in
 * host byte order.
 */
public final class Netlink {
    public static final int NLMSG_HDRLEN = 16;
    public static final short NLMSG_ERROR = 2;
    public static final short NLMSG_DONE = 3;
    public static final short NLM_F_REQUEST = 0x1;

    private Netlink() {
    }

    /** One message of a datagram: where it starts, its length, type and sequence number. */
    public record Message(int offset, int length, short type, int seq) {
        public int payload() {
            return offset + NLMSG_HDRLEN;
        }

        public int payloadLength() {
            return length - NLMSG_HDRLEN;
        }
    }

    /** Netlink aligns messages and attributes to 4 bytes. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }

    /**
     * The messages of the first {@code length} bytes of {@code datagram} (a buffer in host byte
     * order), in order.
     *
     * @throws IllegalStateException a message's length does not fit the datagram
     */
    public static List<Message> messages(ByteBuffer datagram, int length) {
        List<Message> messages = new ArrayList<>();
        int offset = 0;
        while (length - offset >= NLMSG_HDRLEN) {
            int messageLength = datagram.getInt(offset);
            if (messageLength < NLMSG_HDRLEN || messageLength > length - offset) {
                throw new IllegalStateException("malformed netlink message: length " + messageLength
                        + " at offset " + offset + " of " + length);
            }
            messages.add(new Message(offset, messageLength, datagram.getShort(offset + 4), datagram.getInt(offset + 8)));
            offset += align(messageLength);
        }
        return messages;
    }

    /**
     * Throws the errno that an NLMSG_ERROR (or a failed NLMSG_DONE) carries as a negative int;
     * does nothing for an acknowledgement (0) or any other message.
     *
     * @throws SyscallException the kernel refused {@code call}
     */
    public static void throwIfError(ByteBuffer datagram, Message message, String call) throws SyscallException {
        if (message.type() != NLMSG_ERROR && message.type() != NLMSG_DONE) {
            return;
        }
        if (message.payloadLength() < 4) {
            // An NLMSG_DONE may come without its int; an NLMSG_ERROR never does.
            if (message.type() == NLMSG_ERROR) {
                throw new IllegalStateException("NLMSG_ERROR of " + message.length() + " bytes");
            }
            return;
        }
        int error = datagram.getInt(message.payload());
        if (error < 0) {
            throw SyscallException.of(call, -error);
        }
    }
}

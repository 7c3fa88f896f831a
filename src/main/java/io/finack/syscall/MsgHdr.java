package io.finack.syscall;

import com.sun.jna.Memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code struct msghdr} in packetdrill's notation, {@code {msg_name(...)=..., msg_iov(N)=[{...,
 * LEN}, ...], msg_flags=FLAGS, msg_control=[...]}}, and its layout in native memory (x86-64):
 * the header, its iovecs, a sockaddr_storage for the name, the control buffer (as large as the
 * expected messages take, as packetdrill makes it) and the iovecs' zero bytes, each apart, in
 * one block.
 *
 * @param named whether {@code msg_name(...)=...} is there
 * @param iov the iovecs' lengths
 */
public record MsgHdr(boolean named, List<Integer> iov, int flags, List<ControlMessage> control) {
    /** sizeof(struct msghdr). */
    static final int SIZE = 56;
    private static final int IOVEC = 16;
    private static final int SOCKADDR_STORAGE = 128;
    private static final int NAME = 0;
    private static final int NAME_LENGTH = 8;
    private static final int IOV = 16;
    private static final int IOV_LENGTH = 24;
    private static final int CONTROL = 32;
    private static final int CONTROL_LENGTH = 40;
    private static final int FLAGS = 48;

    public MsgHdr {
        iov = List.copyOf(iov);
        control = List.copyOf(control);
    }

    static MsgHdr parse(Argument a) throws NotationException {
        String what = "a msghdr {msg_name(...)=..., msg_iov(N)=[...], msg_flags=..., msg_control=[...]}";
        Map<String, Argument> fields = Notation.struct(a, what);
        Notation.only(fields, "a msghdr", "msg_name", "msg_iov", "msg_flags", "msg_control");
        boolean named = false;
        if (fields.containsKey("msg_name")) {
            if (!(fields.get("msg_name") instanceof Argument.Sized name && name.count() instanceof Argument.Ellipsis
                    && name.value() instanceof Argument.Ellipsis)) {
                throw new NotationException("msg_name is written msg_name(...)=...: finack supplies the address");
            }
            named = true;
        }
        if (!(Notation.field(fields, "msg_iov", "a msghdr") instanceof Argument.Sized iovField)
                || !(iovField.value() instanceof Argument.Array array)) {
            throw new NotationException("msg_iov is written msg_iov(N)=[{..., LENGTH}, ...]");
        }
        List<Integer> lengths = new ArrayList<>();
        for (Argument element : array.elements()) {
            if (!(element instanceof Argument.Tuple tuple) || tuple.elements().size() != 2
                    || !(tuple.elements().get(0) instanceof Argument.Ellipsis)) {
                throw Notation.badType(element, "iovec");
            }
            int length = Notation.s32(tuple.elements().get(1));
            if (length < 0 || length > 1 << 24) {
                throw new NotationException("an iovec's length is 0 to 16777216 bytes, not " + length);
            }
            lengths.add(length);
        }
        int count = Notation.s32(iovField.count());
        if (count != lengths.size()) {
            throw new NotationException("msg_iovlen " + count + " does not match " + lengths.size() + "-element iovec array");
        }
        int flags = Notation.s32(Notation.field(fields, "msg_flags", "a msghdr"));
        List<ControlMessage> control = fields.containsKey("msg_control")
                ? ControlMessage.parseAll(fields.get("msg_control")) : List.of();
        return new MsgHdr(named, lengths, flags, control);
    }

    /**
     * The room an iovec's bytes take: apart from the next one's, as separate allocations are
     * in C, so that the kernel does not join MSG_ZEROCOPY's fragments of adjacent iovecs into one.
     */
    private static int spaced(int length) {
        return ((length + 15) & ~15) + 16;
    }

    /** The bytes the iovecs hold in all. */
    int totalLength() {
        return iov.stream().mapToInt(Integer::intValue).sum();
    }

    private int controlLength() {
        return control.stream().mapToInt(ControlMessage::space).sum();
    }

    /**
     * The struct in native memory, ready for the call: {@code name} is the sockaddr to name
     * (or null for a zeroed sockaddr_storage to receive one), the control buffer holds the
     * expected messages (sendmsg sends them; recvmsg overwrites them).
     */
    Native allocate(byte[] name) {
        int iovAt = SIZE;
        int nameAt = iovAt + IOVEC * iov.size();
        int controlAt = nameAt + SOCKADDR_STORAGE;
        int dataAt = controlAt + controlLength();
        int dataLength = iov.stream().mapToInt(MsgHdr::spaced).sum();
        Memory memory = new Memory(Math.max(1, dataAt + dataLength));
        memory.clear();
        if (named) {
            memory.setPointer(NAME, memory.share(nameAt));
            memory.setInt(NAME_LENGTH, name == null ? SOCKADDR_STORAGE : name.length);
            if (name != null) {
                memory.write(nameAt, name, 0, name.length);
            }
        }
        memory.setPointer(IOV, iov.isEmpty() ? null : memory.share(iovAt));
        memory.setLong(IOV_LENGTH, iov.size());
        long offset = dataAt;
        for (int i = 0; i < iov.size(); i++) {
            memory.setPointer(iovAt + IOVEC * i, memory.share(offset));
            memory.setLong(iovAt + IOVEC * i + 8, iov.get(i));
            offset += spaced(iov.get(i));
        }
        if (!control.isEmpty()) {
            ByteBuffer b = ByteBuffer.allocate(controlLength()).order(ByteOrder.nativeOrder());
            int at = 0;
            for (ControlMessage m : control) {
                m.encode(b, at);
                at += m.space();
            }
            memory.write(controlAt, b.array(), 0, b.capacity());
            memory.setPointer(CONTROL, memory.share(controlAt));
            memory.setLong(CONTROL_LENGTH, controlLength());
        }
        return new Native(memory, controlAt, controlLength());
    }

    /** A msghdr in native memory; {@code memory} must stay referenced until the call returns. */
    record Native(Memory memory, int controlAt, int controlCapacity) {
        int flags() {
            return memory.getInt(FLAGS);
        }

        /** The control buffer as the kernel left it, and the length it used. */
        ByteBuffer control() {
            return ByteBuffer.wrap(memory.getByteArray(controlAt, controlCapacity)).order(ByteOrder.nativeOrder());
        }

        int controlLength() {
            return (int) memory.getLong(CONTROL_LENGTH);
        }
    }

    @Override public String toString() {
        StringBuilder s = new StringBuilder("{");
        if (named) {
            s.append("msg_name(...)=..., ");
        }
        s.append("msg_iov(").append(iov.size()).append(")=[");
        for (int i = 0; i < iov.size(); i++) {
            s.append(i == 0 ? "" : ", ").append("{..., ").append(iov.get(i)).append('}');
        }
        s.append("], msg_flags=").append(Calls.msg(flags));
        if (!control.isEmpty()) {
            s.append(", msg_control=").append(control);
        }
        return s.append('}').toString();
    }
}

package io.finack.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A socket's SO_MEMINFO: the kernel's {@code u32} array indexed by {@code SK_MEMINFO_*}, each
 * value under its index's name ({@code SK_MEMINFO_RCVBUF}, ...). An older kernel's shorter
 * array decodes to fewer entries.
 *
 * @param fields every entry the bytes held, in index order
 */
public record MemInfo(Map<String, Long> fields) {
    /** The indexes' names, in order (Linux's SK_MEMINFO_VARS is their count). */
    public static final List<String> NAMES = List.of("SK_MEMINFO_RMEM_ALLOC", "SK_MEMINFO_RCVBUF",
            "SK_MEMINFO_WMEM_ALLOC", "SK_MEMINFO_SNDBUF", "SK_MEMINFO_FWD_ALLOC", "SK_MEMINFO_WMEM_QUEUED",
            "SK_MEMINFO_OPTMEM", "SK_MEMINFO_BACKLOG", "SK_MEMINFO_DROPS");
    /** The array's size in bytes, as this decoder knows it. */
    public static final int SIZE = 4 * 9;

    public MemInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Decodes the first {@code length} bytes of {@code bytes}, in host byte order. */
    public static MemInfo decode(byte[] bytes, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).slice().order(ByteOrder.nativeOrder());
        Map<String, Long> fields = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size() && 4 * i + 4 <= length; i++) {
            fields.put(NAMES.get(i), Integer.toUnsignedLong(b.getInt(4 * i)));
        }
        return new MemInfo(fields);
    }
}

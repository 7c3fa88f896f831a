package io.finack.kernel;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemInfoTest {
    @Test
    void entriesInIndexOrderAndAShorterArrayGivesFewer() {
        ByteBuffer b = ByteBuffer.allocate(MemInfo.SIZE).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 9; i++) {
            b.putInt(4 * i, 1000 * i + 1);
        }
        MemInfo all = MemInfo.decode(b.array(), MemInfo.SIZE);
        assertEquals(MemInfo.NAMES, List.copyOf(all.fields().keySet()));
        assertEquals(1001L, all.fields().get("SK_MEMINFO_RCVBUF"));
        assertEquals(8001L, all.fields().get("SK_MEMINFO_DROPS"));
        assertEquals(List.of("SK_MEMINFO_RMEM_ALLOC", "SK_MEMINFO_RCVBUF"),
                List.copyOf(MemInfo.decode(b.array(), 11).fields().keySet()));
    }
}

package io.finack.kernel;

import com.sun.jna.LastErrorException;

/** Pins the calling thread to one CPU (sched_setaffinity), for work that must run on a chosen CPU. */
public final class CpuAffinity {
    /** A cpu_set_t of 1024 bits, as glibc's. */
    private static final int CPU_SET_BYTES = 128;

    private CpuAffinity() {
    }

    /** Pins the calling thread (not the whole process) to {@code cpu}. */
    public static void pinCurrentThread(int cpu) throws SyscallException {
        if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
            throw new IllegalArgumentException("no such CPU number: " + cpu);
        }
        byte[] mask = new byte[CPU_SET_BYTES];
        mask[cpu / 8] = (byte) (1 << (cpu % 8));
        try {
            // pid 0: the calling thread, since Linux affinity is per thread.
            Libc.C.sched_setaffinity(0, mask.length, mask);
        } catch (LastErrorException e) {
            throw SyscallException.of("sched_setaffinity(CPU " + cpu + ")", e);
        }
    }
}

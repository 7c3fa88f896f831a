package io.finack.kernel;

import com.sun.jna.LastErrorException;

/**
 * Where and how the calling thread runs: pinned to one CPU (sched_setaffinity), and under the
 * real-time FIFO policy or the normal one (sched_setscheduler). Linux applies both per thread.
 */
public final class ThreadScheduling {
    /** A cpu_set_t of 1024 bits, as glibc's. */
    private static final int CPU_SET_BYTES = 128;
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;
    /** Or'ed into the policy: a process the thread starts runs under the normal policy. */
    private static final int SCHED_RESET_ON_FORK = 0x40000000;
    /** The lowest real-time priority: above every normal thread, below the kernel's own. */
    private static final int FIFO_PRIORITY = 1;

    private ThreadScheduling() {
    }

    /** Pins the calling thread (not the whole process) to {@code cpu}. */
    public static void pinCurrentThread(int cpu) throws SyscallException {
        if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
            throw new IllegalArgumentException("no such CPU number: " + cpu);
        }
        byte[] mask = new byte[CPU_SET_BYTES];
        mask[cpu / 8] = (byte) (1 << (cpu % 8));
        try {
            // pid 0: the calling thread.
            Libc.C.sched_setaffinity(0, mask.length, mask);
        } catch (LastErrorException e) {
            throw SyscallException.of("sched_setaffinity(CPU " + cpu + ")", e);
        }
    }

    /**
     * Puts the calling thread under SCHED_FIFO at the lowest real-time priority ({@code true})
     * or back under the normal policy. A real-time thread takes its CPU from normal threads at
     * once instead of waiting for its turn; the kernel's real-time throttling (95 % of each
     * second by default) still leaves the others some time. A process the thread starts (a
     * script's shell line) runs under the normal policy (SCHED_RESET_ON_FORK).
     */
    /** As {@link #realtime}; false when it was refused (no CAP_SYS_NICE, as in a container by default). */
    public static boolean tryRealtime(boolean on) {
        try {
            realtime(on);
            return true;
        } catch (SyscallException e) {
            return false;
        }
    }

    public static void realtime(boolean on) throws SyscallException {
        // struct sched_param: one int, the priority (0 for the normal policy).
        byte[] param = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                .putInt(0, on ? FIFO_PRIORITY : 0).array();
        try {
            Libc.C.sched_setscheduler(0, on ? SCHED_FIFO | SCHED_RESET_ON_FORK : SCHED_OTHER, param);
        } catch (LastErrorException e) {
            throw SyscallException.of("sched_setscheduler(" + (on ? "SCHED_FIFO" : "SCHED_OTHER") + ")", e);
        }
    }
}

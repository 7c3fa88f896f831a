package io.finack.kernel;

import com.sun.jna.LastErrorException;

/** Ends whole process groups: what a child left running in the background, after it exited. */
public final class ProcessGroups {
    private ProcessGroups() {
    }

    /** SIGKILL to every process of group {@code id}; a group with none left is no error. */
    public static void kill(long id) {
        try {
            Libc.C.kill((int) -id, Libc.SIGKILL);
        } catch (LastErrorException e) {
            // ESRCH: nothing of that group is left, the usual case
        }
    }
}

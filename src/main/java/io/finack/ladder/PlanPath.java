package io.finack.ladder;

import io.finack.tcp.Flags;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the stale-ACK path in a plan's arrows by its shape, as a plan has no frames for the
 * detector to read: a bare ACK answering a bare SYN from the other side, the RST its receiver
 * sends back, then that side's next bare SYN.
 */
final class PlanPath {
    private PlanPath() {
    }

    static List<Ladder.Row> mark(List<Ladder.Row> rows) {
        List<Ladder.Row> marked = new ArrayList<>(rows);
        Ladder.Arrow previous = null;
        Ladder.Role next = Ladder.Role.STALE_ACK;
        boolean synFromLeft = false;
        for (int i = 0; i < marked.size() && next != Ladder.Role.NONE; i++) {
            if (!(marked.get(i) instanceof Ladder.Arrow a)) {
                continue;
            }
            Flags flags = a.flags();
            boolean fits = switch (next) {
                case STALE_ACK -> flags.equals(Flags.ACK_ONLY) && previous != null
                        && previous.leftToRight() != a.leftToRight() && previous.flags().equals(Flags.SYN_ONLY);
                case RST -> flags.rst() && a.leftToRight() == synFromLeft;
                case RETRY -> flags.equals(Flags.SYN_ONLY) && a.leftToRight() == synFromLeft;
                case NONE -> false;
            };
            if (fits) {
                if (next == Ladder.Role.STALE_ACK) {
                    synFromLeft = previous.leftToRight();
                }
                marked.set(i, a.withRole(next));
                next = next == Ladder.Role.STALE_ACK ? Ladder.Role.RST : next == Ladder.Role.RST ? Ladder.Role.RETRY : Ladder.Role.NONE;
            }
            previous = a;
        }
        return marked;
    }
}

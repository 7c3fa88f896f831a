package io.finack.experiment;

import io.finack.analysis.ReconnectReply;
import io.finack.analysis.Verdict;
import io.finack.tcp.TcpState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a correct kernel does in an experiment, and how a run is judged against it. */
public sealed interface Expectation {
    /** A few words for one-line listings: {@code FAST_RETRY}, {@code reconnect SYN_ACK}. */
    String brief();

    /**
     * Why a run whose plan went through does not meet the expectation, or empty when it does:
     * judged on the path verdict, the socket states observed in order, and the reconnecting SYN's answer.
     */
    Optional<String> unmet(Optional<Verdict> verdict, List<StateObservation> states, Optional<ReconnectReply> reconnect);

    /** The kernel connects: the stale-ACK path verdict the detector must give. */
    record Path(Verdict verdict) implements Expectation {
        @Override
        public String brief() {
            return verdict.name();
        }

        @Override
        public Optional<String> unmet(Optional<Verdict> seen, List<StateObservation> states,
                                      Optional<ReconnectReply> reconnect) {
            return seen.filter(v -> v != verdict)
                    .map(v -> "path verdict " + v + ", expected " + verdict + ": " + v.meaning());
        }
    }

    /**
     * A script with no {@code @verdict} line: its own lines are all it expects, so a run that
     * got through them meets it, whatever the path detector says.
     */
    record ScriptLines() implements Expectation {
        @Override
        public String brief() {
            return "-";
        }

        @Override
        public Optional<String> unmet(Optional<Verdict> seen, List<StateObservation> states,
                                      Optional<ReconnectReply> reconnect) {
            return Optional.empty();
        }
    }

    /**
     * The kernel closes first: the states sock_diag shows at each of the plan's observations, in
     * order (empty: no socket), and what the reconnecting SYN from the same port gets.
     */
    record CloseOrder(List<Optional<TcpState>> states, ReconnectReply.Kind reply) implements Expectation {
        public CloseOrder {
            states = List.copyOf(states);
        }

        @Override
        public String brief() {
            return "reconnect " + reply;
        }

        /** The expected states as reports write them: {@code FIN_WAIT2}, {@code NONE}. */
        public List<String> stateNames() {
            return states.stream().map(StateObservation::name).toList();
        }

        @Override
        public Optional<String> unmet(Optional<Verdict> verdict, List<StateObservation> seen,
                                      Optional<ReconnectReply> reconnect) {
            List<String> problems = new ArrayList<>();
            List<String> seenNames = seen.stream().map(StateObservation::stateName).toList();
            if (!seenNames.equals(stateNames())) {
                problems.add("kernel states: expected " + String.join(" ", stateNames())
                        + ", actual " + String.join(" ", seenNames));
            }
            if (reconnect.map(ReconnectReply::kind).filter(k -> k == reply).isEmpty()) {
                problems.add("reconnecting SYN: expected " + reply + ", actual "
                        + reconnect.map(r -> r + ": " + r.kind().meaning()).orElse("no reconnecting SYN was sent"));
            }
            return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", problems));
        }
    }
}

package io.finack.cli;

import io.finack.analysis.StaleAckDetector;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.time.Duration;

/**
 * The stale-ACK detector's limits as {@code analyze} and {@code watch} take them:
 * {@code --fast-limit MS}, {@code --idle-timeout S}, {@code --max-flows N}.
 */
record DetectorOptions(Duration fastRetryLimit, Duration idleTimeout, int maxFlows) {
    static void add(Options o) {
        o.addOption(Option.builder().longOpt("fast-limit").hasArg().argName("MS")
                .desc("a SYN retry less than MS after the RST is FAST_RETRY, else RTO_RETRY (default "
                        + StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT.toMillis() + ")").get());
        o.addOption(Option.builder().longOpt("idle-timeout").hasArg().argName("S")
                .desc("forget a 4-tuple after S seconds of capture time without a frame (default "
                        + StaleAckDetector.DEFAULT_IDLE_TIMEOUT.toSeconds() + ")").get());
        o.addOption(Option.builder().longOpt("max-flows").hasArg().argName("N")
                .desc("follow at most N 4-tuples at once, dropping the longest idle (default "
                        + StaleAckDetector.DEFAULT_MAX_FLOWS + ")").get());
    }

    static DetectorOptions of(CommandLine line) throws CliException {
        Duration limit = fastLimit(line.getOptionValue("fast-limit"));
        Duration idle = line.hasOption("idle-timeout")
                ? Duration.ofSeconds(positive(line.getOptionValue("idle-timeout"), "--idle-timeout", "seconds"))
                : StaleAckDetector.DEFAULT_IDLE_TIMEOUT;
        int maxFlows = line.hasOption("max-flows")
                ? (int) Math.min(Integer.MAX_VALUE / 4, positive(line.getOptionValue("max-flows"), "--max-flows", "flows"))
                : StaleAckDetector.DEFAULT_MAX_FLOWS;
        return new DetectorOptions(limit, idle, maxFlows);
    }

    static long positive(String text, String option, String unit) throws CliException {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, option + " must be a whole number of " + unit + " > 0, not '" + text + "'");
    }

    private static Duration fastLimit(String text) throws CliException {
        if (text == null) {
            return StaleAckDetector.DEFAULT_FAST_RETRY_LIMIT;
        }
        try {
            double ms = Double.parseDouble(text);
            // Up to an hour; below a nanosecond the limit would round to nothing.
            if (ms <= 3_600_000 && Math.round(ms * 1e6) > 0) {
                return Duration.ofNanos(Math.round(ms * 1e6));
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new CliException(ExitStatus.USAGE, "--fast-limit must be a number of milliseconds > 0, not '" + text + "'");
    }
}

package dev.parley.bench;

import java.util.List;
import java.util.Optional;

/**
 * The knee of a rate sweep (issue 7): the highest offered rate whose step delivered at least 99.9%
 * of what was sent, kept p99 end-to-end latency at or under 200 ms, and achieved at least 95% of the
 * offered rate.
 */
final class Knee {
    static final double MIN_DELIVERED = 0.999;
    static final double MAX_P99_MS = 200;
    static final double MIN_ACHIEVED = 0.95;

    /** One step of the sweep as measured. */
    record Step(int offeredPerS, long sent, long delivered, double achievedPerS, double p99Ms) {
        double deliveredRatio() {
            return sent == 0 ? 0 : (double) delivered / sent;
        }

        boolean passes() {
            return sent > 0
                    && deliveredRatio() >= MIN_DELIVERED
                    && p99Ms <= MAX_P99_MS
                    && achievedPerS >= MIN_ACHIEVED * offeredPerS;
        }

        /** Why a step fails, for the report; empty when it passes. */
        String failure() {
            if (sent == 0) {
                return "nothing sent";
            }
            StringBuilder why = new StringBuilder();
            if (deliveredRatio() < MIN_DELIVERED) {
                why.append("delivered ").append(String.format("%.4f", deliveredRatio())).append(" < 0.999; ");
            }
            if (!(p99Ms <= MAX_P99_MS)) {
                why.append("p99 ").append(String.format("%.1f", p99Ms)).append(" ms > 200 ms; ");
            }
            if (achievedPerS < MIN_ACHIEVED * offeredPerS) {
                why.append("achieved ").append(Math.round(achievedPerS)).append("/s < 95% of offered; ");
            }
            return why.toString().strip();
        }
    }

    private Knee() {}

    /** The highest passing offered rate, or empty when no step passed. */
    static Optional<Integer> of(List<Step> steps) {
        return steps.stream().filter(Step::passes).map(Step::offeredPerS).max(Integer::compare);
    }
}

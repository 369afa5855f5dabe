package dev.parley.api.ws;

/**
 * A token bucket for the frames of one connection ({@code rate} per second up to {@code burst}), with
 * a count of frames refused in a row. Used from the connection's event loop only.
 */
final class FrameRate {
    enum Verdict { OK, REFUSE, CLOSE }

    private final double rate;
    private final double burst;
    private double tokens;
    private long at = System.nanoTime();
    private int refused;

    FrameRate(double rate, int burst) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes a token; without one the frame is refused, and the {@code strikes}th refusal in a row closes. */
    Verdict take(int strikes) {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - at) * rate / 1e9);
        at = now;
        if (tokens >= 1) {
            tokens -= 1;
            refused = 0;
            return Verdict.OK;
        }
        refused++;
        return refused >= strikes ? Verdict.CLOSE : Verdict.REFUSE;
    }
}

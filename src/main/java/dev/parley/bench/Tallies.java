package dev.parley.bench;

/**
 * The listener every load scenario uses: routes each tagged frame to the {@link Tally} of its run.
 * A {@code message.created} counts as a delivery only on a socket other than its sender's (a
 * sender's own echo is not a delivery to another member). Errors count against the current run.
 */
final class Tallies implements Sock.Listener {
    /** Called on each ack or error frame, on the socket's event loop (closed-loop senders). */
    interface AnswerHook {
        void answered(Sock sock);
    }

    private final Tally[] runs;
    private volatile int current;
    private volatile AnswerHook hook;

    Tallies(int runs) {
        this.runs = new Tally[runs];
        for (int i = 0; i < runs; i++) {
            this.runs[i] = new Tally();
        }
    }

    Tally run(int run) {
        return runs[run];
    }

    void current(int run) {
        current = run;
    }

    int current() {
        return current;
    }

    void onAnswer(AnswerHook h) {
        hook = h;
    }

    @Override
    public void onFrame(Sock sock, String frame) {
        long now = System.nanoTime();
        switch (sock.kind(frame)) {
            case "message.created" -> {
                Frames.Tag tag = Frames.tag(frame);
                if (tag.run() >= 0 && tag.run() < runs.length && tag.sender() != sock.index) {
                    runs[tag.run()].delivered(tag.nanos(), now);
                }
            }
            case "ack" -> {
                Frames.Tag tag = Frames.tag(frame);
                if (tag.run() >= 0 && tag.run() < runs.length) {
                    Tally t = runs[tag.run()];
                    t.acked.increment();
                    if (frame.contains("\"created\":false")) {
                        t.duplicates.increment();
                    }
                    t.ack.recordNanos(now - tag.nanos());
                    answered(sock);
                }
            }
            case "error" -> {
                runs[current].error(frame);
                answered(sock);
            }
            default -> { }
        }
    }

    /** A socket the server closed during the load: an error of the current run, with its close code. */
    @Override
    public void onClosed(Sock sock, String why) {
        runs[current].closed.increment();
        runs[current].firstClose.compareAndSet(null, why);
        runs[current].error("socket " + sock.index + " closed by the server: " + why);
    }

    private void answered(Sock sock) {
        AnswerHook h = hook;
        if (h != null) {
            h.answered(sock);
        }
    }

    /** Waits until {@code run} has {@code expected} deliveries, or the time is up. */
    void awaitDeliveries(int run, long expected, long maxNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxNanos;
        while (runs[run].delivered.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}

package dev.parley.realtime;

/** The wire under a connection, as the hub needs it. Implementations must not block. */
public interface Transport {

    /** Writes a rendered frame and calls {@code written} once it left (or failed to). */
    void write(Object frame, Runnable written);

    /** Closes the connection with a close code and reason. */
    void close(int code, String reason);
}

package dev.parley.core;

import java.util.List;

/** Port: the committed events, readable again from a cursor after a disconnect. */
public interface EventLog {

    /**
     * What a user missed: events after {@code cursor} of the threads they participate in (and their
     * own membership changes), in commit order, at most {@code max}. {@code complete} is false when
     * more than {@code max} were missed or the log no longer reaches back to the cursor: the client
     * must reload.
     */
    record Replay(List<CommittedEvent> events, boolean complete) {}

    Replay replay(UserId user, long cursor, int max);

    /** The cursor of the newest committed event. */
    long head();
}

package dev.parley.realtime;

import dev.parley.core.ErrorCode;

/** WebSocket close codes Parley uses, in the private range 4000–4999 unless standard. */
public final class CloseCodes {
    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** The server is shutting down: reconnect elsewhere or later and resume. */
    public static final int GOING_AWAY = 1001;
    /** A frame was larger than allowed. */
    public static final int TOO_BIG = 1009;
    /**
     * Policy violation: the user already holds as many connections as this node allows ({@code
     * PARLEY_MAX_CONNECTIONS_PER_USER}). Reconnecting succeeds once one of them is closed.
     */
    public static final int TOO_MANY_CONNECTIONS = 1008;
    /**
     * Try again later: this node holds as many connections as it allows in all ({@code
     * PARLEY_MAX_CONNECTIONS}). Reconnect later, or to another node.
     */
    public static final int TRY_AGAIN_LATER = 1013;
    /** The server failed unexpectedly (for example the database was unreachable); reconnect later. */
    public static final int SERVER_ERROR = 1011;
    /** The credential was missing or invalid. */
    public static final int UNAUTHORIZED = 4001;
    /** The client sent something that is not a valid frame. */
    public static final int PROTOCOL = 4002;
    /** The client could not keep up: its queue overflowed. Reconnect and resume from the last cursor. */
    public static final int SLOW_CONSUMER = 4008;
    /**
     * Events on their way from another node were lost (that node stopped between a commit and its
     * publish, or the bus between nodes dropped a connection). Reconnect and resume from the last
     * cursor: the event log has them.
     */
    public static final int MISSED_EVENTS = 4009;
    /** The client sent too fast. */
    public static final int RATE_LIMITED = 4029;

    /**
     * The close code for the hub's refusal of a connection: {@link #TOO_MANY_CONNECTIONS} for a per-user
     * (or per-thread) cap, {@link #TRY_AGAIN_LATER} for the node's.
     */
    public static int refused(ErrorCode code) {
        return code == ErrorCode.RATE_LIMITED ? TOO_MANY_CONNECTIONS : TRY_AGAIN_LATER;
    }

    private CloseCodes() {}
}

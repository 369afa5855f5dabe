package dev.parley.store;

import dev.parley.core.ParleyException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Translates database failures into the core catalogue: a database that is down, a pool that timed
 * out or a lock that could not be had become UNAVAILABLE (the caller may retry); a unique violation
 * that the write path did not resolve becomes CONFLICT; anything else stays an internal error.
 */
final class Failures {
    private Failures() {}

    static RuntimeException map(Throwable failure) {
        if (failure instanceof ParleyException p) {
            return p;
        }
        if (isUnavailable(failure)) {
            return ParleyException.unavailable("the database is unavailable, try again", failure);
        }
        if (isUniqueViolation(failure)) {
            return new ParleyException(dev.parley.core.ErrorCode.CONFLICT, "conflicting write, try again", null,
                    failure);
        }
        if (failure instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(failure);
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
            }
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure is about reaching the database rather than about the statement. */
    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                return code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                        || code.name().startsWith("SQLITE_BUSY") || code == SQLiteErrorCode.SQLITE_IOERR
                        || code == SQLiteErrorCode.SQLITE_FULL;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.equals("40001") || state.equals("40P01")) {
                    return true;
                }
            }
        }
        return false;
    }
}

package dev.parley.store;

import dev.parley.core.Inbox;
import dev.parley.core.Role;
import dev.parley.core.Thread;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadKind;
import dev.parley.core.User;
import dev.parley.core.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Column lists and row mappers shared by the queries; enums are stored as lower-case names. */
final class Rows {
    private Rows() {}

    static final String USER = "u.key AS u_key, u.id AS u_id, u.external_id AS u_external_id, u.name AS u_name, "
            + "u.email AS u_email, u.phone AS u_phone, u.photo_url AS u_photo_url, u.data AS u_data, "
            + "u.created_at AS u_created_at, u.updated_at AS u_updated_at";

    static final String THREAD = "t.key AS t_key, t.id AS t_id, t.kind AS t_kind, t.name AS t_name, "
            + "t.group_key AS t_group_key, t.reference AS t_reference, t.data AS t_data, "
            + "t.created_at AS t_created_at, t.last_activity_at AS t_last_activity_at, t.last_seq AS t_last_seq, "
            + "t.client_id AS t_client_id";

    /** Inbox columns; the query also selects the thread id as t_id and the user id as u_id. */
    static final String INBOX = "i.role AS i_role, i.last_read_seq AS i_last_read_seq, "
            + "i.cleared_seq AS i_cleared_seq, i.archived AS i_archived, i.muted AS i_muted, i.joined_at AS i_joined_at, "
            + "i.read_at AS i_read_at";

    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("u_key"), userId(rs.getString("u_id")), rs.getString("u_external_id"),
                rs.getString("u_name"), rs.getString("u_email"), rs.getString("u_phone"),
                rs.getString("u_photo_url"), rs.getString("u_data"), instant(rs.getLong("u_created_at")),
                instant(rs.getLong("u_updated_at")));
    }

    static Thread thread(ResultSet rs) throws SQLException {
        return new Thread(rs.getLong("t_key"), threadId(rs.getString("t_id")), enumOf(ThreadKind.class,
                rs.getString("t_kind")), rs.getString("t_name"), rs.getString("t_group_key"),
                rs.getString("t_reference"), rs.getString("t_data"), instant(rs.getLong("t_created_at")),
                instant(rs.getLong("t_last_activity_at")), rs.getLong("t_last_seq"), rs.getString("t_client_id"));
    }

    static Inbox inbox(ResultSet rs) throws SQLException {
        return new Inbox(threadId(rs.getString("t_id")), userId(rs.getString("u_id")),
                enumOf(Role.class, rs.getString("i_role")), rs.getLong("i_last_read_seq"),
                rs.getLong("i_cleared_seq"), rs.getBoolean("i_archived"), rs.getBoolean("i_muted"),
                instant(rs.getLong("i_joined_at")), instantOrNull(rs, "i_read_at"));
    }

    static Instant instant(long micros) {
        return MicroClock.instant(micros);
    }

    /** A nullable timestamp column. */
    static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : MicroClock.instant(value);
    }

    static UserId userId(String text) {
        return text == null ? null : new UserId(UUID.fromString(text));
    }

    static ThreadId threadId(String text) {
        return new ThreadId(UUID.fromString(text));
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
    }
}

package dev.parley.store;

import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.core.UserProfile;
import dev.parley.core.UserStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Users: reads on any handle, writes inside the writer's transaction. */
final class UserSql {
    private static final String SELECT = "SELECT " + Rows.USER + " FROM users u ";
    private static final int CHUNK = 500;

    private UserSql() {}

    static Optional<User> byId(Handle h, UserId id) {
        return h.createQuery(SELECT + "WHERE u.id = :id").bind("id", id.toString())
                .map((rs, ctx) -> Rows.user(rs)).findOne();
    }

    static Optional<User> byExternalId(Handle h, String externalId) {
        return h.createQuery(SELECT + "WHERE u.external_id = :ext").bind("ext", externalId)
                .map((rs, ctx) -> Rows.user(rs)).findOne();
    }

    static Map<UserId, User> byIds(Handle h, Collection<UserId> ids) {
        Map<UserId, User> found = new LinkedHashMap<>();
        List<String> all = ids.stream().map(UserId::toString).distinct().toList();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            h.createQuery(SELECT + "WHERE u.id IN (<ids>)").bindList("ids", chunk)
                    .map((rs, ctx) -> Rows.user(rs))
                    .forEach(u -> found.put(u.id(), u));
        }
        return found;
    }

    /** Keys of the given users, in the given order; an unknown user is NOT_FOUND. */
    static List<Long> keys(Tx tx, Collection<UserId> ids) {
        List<Long> keys = new ArrayList<>(ids.size());
        for (UserId id : ids) {
            keys.add(tx.userKey(id));
        }
        return keys;
    }

    static UserStore.Upserted upsert(Tx tx, UserProfile p) {
        if (p.externalId() != null) {
            Optional<User> existing = byExternalId(tx.h, p.externalId());
            if (existing.isPresent()) {
                return new UserStore.Upserted(update(tx, existing.get().id(), p).orElseThrow(), false);
            }
        }
        long key = tx.next("users");
        long now = tx.now();
        UserId id = UserId.random();
        tx.h.createUpdate("INSERT INTO users (key, id, external_id, name, email, phone, photo_url, data, "
                        + "created_at, updated_at) VALUES (:key, :id, :ext, :name, :email, :phone, :photo, :data, "
                        + ":now, :now)")
                .bind("key", key).bind("id", id.toString()).bind("ext", p.externalId()).bind("name", p.name())
                .bind("email", p.email()).bind("phone", p.phone()).bind("photo", p.photoUrl())
                .bind("data", p.data()).bind("now", now)
                .execute();
        User user = new User(key, id, p.externalId(), p.name(), p.email(), p.phone(), p.photoUrl(), p.data(),
                Rows.instant(now), Rows.instant(now));
        return new UserStore.Upserted(user, true);
    }

    static Optional<User> update(Tx tx, UserId id, UserProfile p) {
        int rows = tx.h.createUpdate("UPDATE users SET external_id = COALESCE(:ext, external_id), "
                        + "name = COALESCE(:name, name), email = COALESCE(:email, email), "
                        + "phone = COALESCE(:phone, phone), photo_url = COALESCE(:photo, photo_url), "
                        + "data = COALESCE(:data, data), updated_at = :now WHERE id = :id")
                .bind("ext", p.externalId()).bind("name", p.name()).bind("email", p.email())
                .bind("phone", p.phone()).bind("photo", p.photoUrl()).bind("data", p.data())
                .bind("now", tx.now()).bind("id", id.toString())
                .execute();
        return rows == 0 ? Optional.empty() : byId(tx.h, id);
    }
}

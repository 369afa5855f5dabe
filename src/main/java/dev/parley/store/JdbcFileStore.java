package dev.parley.store;

import dev.parley.core.FileId;
import dev.parley.core.FileStore;
import dev.parley.core.ParleyException;
import dev.parley.core.PostedFile;
import dev.parley.core.StoredFile;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The {@link FileStore} port on the store's database: file rows are written through the store's one
 * write path, read from its reader pool. Which messages carry a file is in {@code message_files},
 * written by the message store when it appends a message.
 */
public final class JdbcFileStore implements FileStore {
    private static final String SELECT = "SELECT f.id AS f_id, fu.id AS f_uploader, f.name AS f_name, "
            + "f.content_type AS f_content_type, f.size AS f_size, f.sha256 AS f_sha256, "
            + "f.storage_key AS f_storage_key, f.created_at AS f_created_at FROM files f "
            + "LEFT JOIN users fu ON fu.key = f.uploader_key ";

    private final Database db;
    private final Writer writer;

    JdbcFileStore(Database db, Writer writer) {
        this.db = db;
        this.writer = writer;
    }

    @Override
    public StoredFile create(NewFile file) {
        FileId id = FileId.random();
        return writer.write(tx -> {
            Long uploaderKey = file.uploader() == null ? null : tx.userKey(file.uploader());
            long now = tx.now();
            tx.h.createUpdate("INSERT INTO files (id, uploader_key, name, content_type, size, sha256, storage_key, "
                            + "created_at) VALUES (:id, :uploader, :name, :type, :size, :sha256, :key, :now)")
                    .bind("id", id.toString())
                    .bindByType("uploader", uploaderKey, Long.class)
                    .bind("name", file.name())
                    .bind("type", file.contentType())
                    .bind("size", file.size())
                    .bind("sha256", file.sha256())
                    .bind("key", file.storageKey())
                    .bind("now", now)
                    .execute();
            return new StoredFile(id, file.uploader(), file.name(), file.contentType(), file.size(), file.sha256(),
                    file.storageKey(), Rows.instant(now));
        });
    }

    @Override
    public Optional<StoredFile> file(FileId id) {
        return read(h -> h.createQuery(SELECT + "WHERE f.id = :id").bind("id", id.toString())
                .map((rs, ctx) -> file(rs)).findOne());
    }

    @Override
    public Map<FileId, StoredFile> files(Collection<FileId> ids) {
        Map<FileId, StoredFile> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<String> keys = ids.stream().map(FileId::toString).distinct().toList();
        read(h -> h.createQuery(SELECT + "WHERE f.id IN (<ids>)").bindList("ids", keys)
                .map((rs, ctx) -> file(rs)).list())
                .forEach(f -> found.put(f.id(), f));
        return found;
    }

    @Override
    public boolean visibleTo(FileId file, UserId user) {
        return read(h -> h.createQuery("SELECT 1 FROM message_files mf JOIN messages m ON m.key = mf.message_key "
                        + "JOIN inboxes i ON i.thread_key = m.thread_key JOIN users u ON u.key = i.user_key "
                        + "WHERE mf.file_id = :file AND u.id = :user AND m.deleted_at IS NULL LIMIT 1")
                .bind("file", file.toString()).bind("user", user.toString())
                .mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public boolean postedIn(FileId file, ThreadId thread) {
        return read(h -> h.createQuery("SELECT 1 FROM message_files mf JOIN messages m ON m.key = mf.message_key "
                        + "JOIN threads t ON t.key = m.thread_key "
                        + "WHERE mf.file_id = :file AND t.id = :thread AND m.deleted_at IS NULL LIMIT 1")
                .bind("file", file.toString()).bind("thread", thread.toString())
                .mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public List<PostedFile> inThread(ThreadId thread, UserId viewer, Long beforeSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT f.id AS f_id, fu.id AS f_uploader, f.name AS f_name, "
                + "f.content_type AS f_content_type, f.size AS f_size, f.sha256 AS f_sha256, "
                + "f.storage_key AS f_storage_key, f.created_at AS f_created_at, m.id AS m_id, m.seq AS m_seq, "
                + "s.id AS m_sender, m.created_at AS m_created_at "
                + "FROM threads t JOIN messages m ON m.thread_key = t.key "
                + "JOIN message_files mf ON mf.message_key = m.key JOIN files f ON f.id = mf.file_id "
                + "LEFT JOIN users fu ON fu.key = f.uploader_key LEFT JOIN users s ON s.key = m.sender_key "
                + "WHERE t.id = :thread AND m.deleted_at IS NULL ");
        if (beforeSeq != null) {
            sql.append("AND m.seq < :before ");
        }
        if (viewer != null) {
            sql.append("AND m.seq > (SELECT i.cleared_seq FROM inboxes i JOIN users vu ON vu.key = i.user_key "
                    + "WHERE i.thread_key = t.key AND vu.id = :viewer) "
                    + "AND NOT EXISTS (SELECT 1 FROM hidden_messages hm JOIN users hu ON hu.key = hm.user_key "
                    + "WHERE hm.message_key = m.key AND hu.id = :viewer) ");
        }
        sql.append("ORDER BY m.seq DESC, mf.position ASC LIMIT :limit");
        return read(h -> {
            var query = h.createQuery(sql.toString()).bind("thread", thread.toString()).bind("limit", limit);
            if (beforeSeq != null) {
                query.bind("before", beforeSeq.longValue());
            }
            if (viewer != null) {
                query.bind("viewer", viewer.toString());
            }
            return query.map((rs, ctx) -> new PostedFile(file(rs), MessageReads.messageId(rs.getString("m_id")),
                    rs.getLong("m_seq"), Rows.userId(rs.getString("m_sender")),
                    Rows.instant(rs.getLong("m_created_at")))).list();
        });
    }

    @Override
    public Removed removeUnattached(Instant createdBefore, int max) {
        long cutoff = MicroClock.micros(createdBefore);
        return writer.write(tx -> {
            Map<String, String> keysById = new HashMap<>();
            tx.h.createQuery("SELECT f.id, f.storage_key FROM files f WHERE f.created_at < :cutoff AND NOT EXISTS "
                            + "(SELECT 1 FROM message_files mf WHERE mf.file_id = f.id) ORDER BY f.created_at LIMIT :max")
                    .bind("cutoff", cutoff).bind("max", max)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> keysById.put(e.getKey(), e.getValue()));
            if (keysById.isEmpty()) {
                return new Removed(0, List.of());
            }
            tx.h.createUpdate("DELETE FROM files WHERE id IN (<ids>)").bindList("ids", List.copyOf(keysById.keySet()))
                    .execute();
            return new Removed(keysById.size(), List.copyOf(new TreeSet<>(keysById.values())));
        });
    }

    @Override
    public Set<String> storageKeysInUse(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        Set<String> inUse = new HashSet<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            inUse.addAll(read(h -> h.createQuery("SELECT DISTINCT storage_key FROM files WHERE storage_key IN (<keys>)")
                    .bindList("keys", chunk).mapTo(String.class).list()));
        }
        return inUse;
    }

    /**
     * Fails the append (as the core's attachment check would: "unknown file") when a file it attaches is
     * not catalogued: the core checked before the write, and the sweep of unattached files may have
     * removed it since.
     */
    static void requireCatalogued(Tx tx, Collection<FileId> files) {
        if (files.isEmpty()) {
            return;
        }
        List<String> ids = files.stream().map(FileId::toString).distinct().toList();
        Set<String> found = new HashSet<>(tx.h.createQuery("SELECT id FROM files WHERE id IN (<ids>)")
                .bindList("ids", ids).mapTo(String.class).list());
        for (String id : ids) {
            if (!found.contains(id)) {
                throw ParleyException.invalid("files", "unknown file " + id + ": attach files you uploaded");
            }
        }
    }

    private <T> T read(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        try {
            return db.reader.withHandle(work);
        } catch (RuntimeException e) {
            throw Failures.map(e);
        }
    }

    private static StoredFile file(ResultSet rs) throws SQLException {
        return new StoredFile(new FileId(UUID.fromString(rs.getString("f_id"))), Rows.userId(rs.getString("f_uploader")),
                rs.getString("f_name"), rs.getString("f_content_type"), rs.getLong("f_size"),
                rs.getString("f_sha256"), rs.getString("f_storage_key"), Rows.instant(rs.getLong("f_created_at")));
    }
}

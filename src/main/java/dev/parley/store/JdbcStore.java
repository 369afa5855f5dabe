package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.Event;
import dev.parley.core.EventBus;
import dev.parley.core.EventLog;
import dev.parley.core.Inbox;
import dev.parley.core.InboxView;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageStore;
import dev.parley.core.Thread;
import dev.parley.core.ThreadId;
import dev.parley.core.ThreadStore;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.core.UserProfile;
import dev.parley.core.UserStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import org.jdbi.v3.core.HandleCallback;

/**
 * The store ports on SQLite or PostgreSQL. Reads run on a small pool of connections; every write is
 * queued to the store's single {@link Writer} and returns once its batch has committed and its events
 * were published (when opened with a bus), with the events it committed.
 *
 * <p>A database that is down, or a pool that has no connection within two seconds, fails the call
 * with {@code UNAVAILABLE}; nothing is ever half-written.
 */
public final class JdbcStore implements UserStore, ThreadStore, MessageStore, EventLog, AutoCloseable {
    private final Database db;
    private final Writer writer;
    private final WalCheckpoints checkpoints;
    private final JdbcFileStore files;

    private JdbcStore(Database db, EventBus bus) {
        this.db = db;
        this.checkpoints = db.dialect == Dialect.SQLITE ? new WalCheckpoints(db::checkpointPasses) : null;
        this.writer = new Writer(db.writer, db.dialect, new MicroClock(),
                bus == null ? events -> { } : bus::publish, checkpoints == null ? Writer.Upkeep.NONE : checkpoints);
        this.files = new JdbcFileStore(db, writer);
    }

    /**
     * Tells {@code observer} of every committed write batch from now on, and of the writer's own work
     * between batches (for metrics).
     */
    public void observeBatches(BatchObserver observer) {
        writer.observe(observer);
        if (checkpoints != null) {
            checkpoints.observe(observer::checkpointed);
        }
    }


    /** SQLite: how often a batch of writes indexed for search itself (for tests); 0 on PostgreSQL. */
    long indexedInBatches() {
        return writer.indexedInBatches();
    }

    /** SQLite: checkpoints of the writer that copied the whole log (for tests); 0 on PostgreSQL. */
    long completeCheckpoints() {
        return checkpoints == null ? 0 : checkpoints.complete();
    }

    /** The file catalogue on this store's database and write path. */
    public JdbcFileStore files() {
        return files;
    }

    /** Opens the store, applying pending migrations first; it publishes nothing (tools, tests). */
    public static JdbcStore open(StoreSettings settings) {
        return new JdbcStore(Database.open(settings), null);
    }

    /**
     * Opens the store; after each commit its write path publishes the committed events to {@code bus},
     * in commit order, before the writers get their results (the contract of the store ports).
     */
    public static JdbcStore open(StoreSettings settings, EventBus bus) {
        return new JdbcStore(Database.open(settings), bus);
    }

    /** Applies pending migrations and returns; for the operator command line. */
    public static void migrate(StoreSettings settings) {
        Database.migrate(settings);
    }

    private <T> T read(HandleCallback<T, RuntimeException> callback) {
        try {
            return db.reader.withHandle(callback);
        } catch (RuntimeException e) {
            throw Failures.map(e);
        }
    }

    // ---- users

    @Override
    public Upserted upsertUser(UserProfile profile) {
        return writer.write(tx -> UserSql.upsert(tx, profile));
    }

    @Override
    public Optional<User> updateUser(UserId id, UserProfile patch) {
        return writer.write(tx -> UserSql.update(tx, id, patch));
    }

    @Override
    public Optional<User> user(UserId id) {
        return read(h -> UserSql.byId(h, id));
    }

    @Override
    public Optional<User> userByExternalId(String externalId) {
        return read(h -> UserSql.byExternalId(h, externalId));
    }

    @Override
    public Map<UserId, User> users(Collection<UserId> ids) {
        return ids.isEmpty() ? Map.of() : read(h -> UserSql.byIds(h, ids));
    }

    // ---- threads and inboxes

    @Override
    public Committed<Opened> createThread(NewThread thread) {
        return writer.write(tx -> ThreadSql.create(tx, thread));
    }

    @Override
    public Optional<Thread> thread(ThreadId id) {
        return read(h -> ThreadSql.byId(h, id));
    }

    @Override
    public Optional<Thread> threadByKey(long key) {
        return read(h -> ThreadSql.byKey(h, key));
    }

    @Override
    public Optional<Thread> threadByClientId(UserId creator, String clientId) {
        return read(h -> ThreadSql.byClientId(h, creator, clientId));
    }

    @Override
    public Optional<Thread> directThread(UserId a, UserId b) {
        return read(h -> ThreadSql.direct(h, a, b));
    }

    @Override
    public Optional<Thread> groupThread(String groupKey) {
        return read(h -> ThreadSql.byGroupKey(h, groupKey));
    }

    @Override
    public Optional<Inbox> inbox(ThreadId thread, UserId user) {
        return read(h -> InboxSql.inbox(h, thread, user));
    }

    @Override
    public List<Member> members(ThreadId thread) {
        return read(h -> InboxSql.members(h, thread));
    }

    @Override
    public List<InboxView> inboxes(UserId user, InboxQuery query) {
        return read(h -> InboxSql.inboxes(h, user, query));
    }

    @Override
    public Committed<List<Member>> addMembers(ThreadId thread, List<Member> members) {
        return writer.write(tx -> ThreadSql.addMembers(tx, thread, members));
    }

    @Override
    public Committed<Boolean> removeMember(ThreadId thread, UserId user, Event.MemberChange change) {
        return writer.write(tx -> ThreadSql.removeMember(tx, thread, user, change));
    }

    @Override
    public Committed<List<Member>> setMembers(ThreadId thread, Set<UserId> users) {
        return writer.write(tx -> ThreadSql.setMembers(tx, thread, users));
    }

    @Override
    public Committed<Inbox> markRead(ThreadId thread, UserId user, long seq) {
        return writer.write(tx -> InboxSql.markRead(tx, thread, user, seq));
    }

    @Override
    public Optional<Inbox> updateInbox(ThreadId thread, UserId user, Boolean archived, Boolean muted) {
        return writer.write(tx -> InboxSql.update(tx, thread, user, archived, muted));
    }

    /**
     * Deletes a participant's history up to the thread's last message for them only (not yet a port
     * method): their history, unread count and search start after it. Empty when not a participant.
     */
    public Optional<Inbox> clearHistory(ThreadId thread, UserId user) {
        return writer.write(tx -> InboxSql.clear(tx, thread, user));
    }

    @Override
    public long unread(ThreadId thread, UserId user) {
        return read(h -> InboxSql.unread(h, thread, user));
    }

    // ---- messages

    @Override
    public Committed<Appended> append(NewMessage message) {
        return writer.write(new AppendBatch.Op(message));
    }

    @Override
    public CompletableFuture<Committed<Appended>> appendAsync(NewMessage message) {
        return writer.submitWithoutWaiting(new AppendBatch.Op(message));
    }

    @Override
    public Optional<Message> message(MessageId id) {
        return read(h -> MessageReads.byId(h, id));
    }

    @Override
    public Optional<Message> messageByKey(long key) {
        return read(h -> MessageReads.byKey(h, key));
    }

    @Override
    public MessagePage page(ThreadId thread, UserId viewer, PageQuery query) {
        return read(h -> MessageReads.page(h, thread, viewer, query));
    }

    @Override
    public Optional<MessagePage> memberPage(ThreadId thread, UserId member, PageQuery query) {
        return read(h -> MessageReads.memberPage(h, thread, member, query));
    }

    @Override
    public Committed<Message> edit(MessageId id, String text) {
        return writer.write(tx -> MessageSql.edit(tx, id, text));
    }

    @Override
    public Committed<Message> deleteForEveryone(MessageId id) {
        return writer.write(tx -> MessageSql.deleteForEveryone(tx, id));
    }

    @Override
    public Committed<Boolean> deleteForUser(MessageId id, UserId user) {
        return writer.write(tx -> MessageSql.deleteForUser(tx, id, user));
    }

    @Override
    public Committed<Boolean> react(MessageId id, UserId user, String kind, boolean add) {
        return writer.write(tx -> MessageSql.react(tx, id, user, kind, add));
    }

    @Override
    public List<Message> search(UserId user, ThreadId thread, String query, int limit) {
        if (db.dialect == Dialect.SQLITE && read(SearchIndexer::behind)) {
            // The writer indexes new messages in chunks: bring the index up to every committed message first.
            writer.write(tx -> {
                SearchIndexer.catchUp(tx);
                return null;
            });
        }
        return read(h -> MessageReads.search(h, db.dialect, user, thread, query, limit));
    }

    // ---- events

    @Override
    public Replay replay(UserId user, long cursor, int max) {
        return read(h -> EventSql.replay(h, user, cursor, max));
    }

    @Override
    public long head() {
        return read(EventSql::head);
    }

    /** Finishes the writes already queued, then closes the connections. */
    @Override
    public void close() {
        writer.close();
        db.close();
    }
}

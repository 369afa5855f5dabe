package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Futures;
import dev.parley.core.ParleyException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one write path of a store: a single thread drains a bounded queue of writes and commits them in
 * batches (group commit). A batch is one transaction that first takes the global write lock; each
 * write runs inside its own savepoint, so a failing write rolls back only itself. Results are handed
 * back only after COMMIT, so nothing is acknowledged or published that was not committed.
 *
 * <p>Publication: after COMMIT, the writer hands the batch to one publisher thread, which publishes the
 * events of the batch's writes in cursor order and only then hands back the results; batches are
 * published one after the other in commit order. A caller that publishes itself could not give that
 * order (two callers of one batch race), so only the publisher publishes. Meanwhile the writer already
 * runs the next transaction, so slow subscribers (fan-out) do not shrink the group commit.
 *
 * <p>A batch first runs without savepoints (the common case: nothing fails); if a write fails, the
 * whole transaction is rolled back and the batch runs again with a savepoint per write.
 */
final class Writer implements AutoCloseable {
    /** One write, run inside the writer's transaction. It must only depend on the database and its input. */
    interface Op<T> {
        T run(Tx tx);
    }

    /**
     * A write that can also run together with its neighbours of the same class in the batch, in
     * fewer statements than one by one. The group's results are in the order of its writes; a group
     * that fails is run again one write at a time, each in its own savepoint.
     */
    interface Groupable<T> extends Op<T> {
        List<T> runGroup(Tx tx, List<Op<?>> group);
    }

    /**
     * Work on the writer's own connection between batches, where no other write can run (SQLite's log
     * checkpoints, see {@link WalCheckpoints}). A failure is logged; the writer goes on.
     */
    interface Upkeep {
        /** After a batch committed and was handed to the publisher. */
        void afterBatch(Handle h);

        /** When no write arrived for a moment. */
        void idle(Handle h);

        Upkeep NONE = new Upkeep() {
            @Override
            public void afterBatch(Handle h) {}

            @Override
            public void idle(Handle h) {}
        };
    }

    private static final Logger log = LoggerFactory.getLogger(Writer.class);
    static final int QUEUE_CAPACITY = 8_192;
    static final int MAX_BATCH = 512;
    /** Committed batches waiting for the publisher; when full, the writer waits (back pressure). */
    private static final int PUBLISH_QUEUE_CAPACITY = 16;
    private static final long OFFER_TIMEOUT_MS = 2_000;
    private static final long HANDLE_MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** Batches that look their client ids up after one failed on a unique key (see {@link #execute}). */
    private static final int CLIENT_ID_LOOK_UPS = 1_000;

    private record Pending<T>(Op<T> op, CompletableFuture<T> future, long queuedAt) {}

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final MicroClock clock;
    private final BlockingQueue<Pending<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final java.lang.Thread thread;
    /**
     * Publishes committed batches and hands their results back, one batch after the other in commit
     * order, so the writer can begin the next transaction while subscribers (the hub's fan-out) work.
     */
    private final java.lang.Thread publisher;
    private final BlockingQueue<Runnable> committed = new ArrayBlockingQueue<>(PUBLISH_QUEUE_CAPACITY);
    private volatile boolean writerDone;
    private final Consumer<List<CommittedEvent>> publish;
    private final Upkeep upkeep;
    private volatile BatchObserver observer = (writes, queueWaitNanos, transactionNanos, commitNanos) -> { };
    private volatile boolean closing;
    /** Set by {@link #close} before it fails what is left in the queue: nothing queued after that runs. */
    private volatile boolean closed;
    /** The writer's connection, kept across batches (with its prepared statements) until it fails or ages. */
    private Handle handle;
    /** Plain JDBC on the handle's connection, with its prepared statements (see {@link Jdbc}). */
    private Jdbc jdbc;
    /** Thread members across batches, for this writer's thread only. */
    private final MemberCache memberCache = new MemberCache();
    /** Thread and user keys and last seqs across batches, for this writer's thread only. */
    private final KeyCache keyCache = new KeyCache();
    private long handleOpenedAt;
    /**
     * How many more batches look up their appends' client ids before inserting. Otherwise a batch
     * presumes them new ({@link Tx#presumeNewClientIds}) and is run again with the look-up only when
     * its insert meets one already stored.
     */
    private int clientIdLookUps;
    /** SQLite: the writer keeps the full-text index up to date itself, in chunks ({@link SearchIndexer}). */
    private final boolean indexesSearch;
    /** Messages committed and not yet in the full-text index, as of the last commit (writer thread only). */
    private long searchBacklog;
    /** Index chunks run inside a batch of writes (for tests: none while the writer has pauses). */
    private volatile long indexedInBatches;

    /**
     * @param publish receives the committed events of each batch, in commit order (must not block)
     * @param upkeep runs on the writer's connection between batches
     */
    Writer(Jdbi jdbi, Dialect dialect, MicroClock clock, Consumer<List<CommittedEvent>> publish, Upkeep upkeep) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.clock = clock;
        this.publish = publish;
        this.upkeep = upkeep;
        this.indexesSearch = dialect == Dialect.SQLITE;
        this.thread = java.lang.Thread.ofPlatform().name("parley-store-writer").daemon().unstarted(this::loop);
        this.publisher = java.lang.Thread.ofPlatform().name("parley-store-publisher").daemon()
                .unstarted(this::publishLoop);
        publisher.start();
        thread.start();
    }

    /** How many times a batch of writes indexed for search itself, for want of a pause between batches. */
    long indexedInBatches() {
        return indexedInBatches;
    }

    void observe(BatchObserver observer) {
        this.observer = observer;
    }


    /** Runs the write in the next batch and waits for its commit; its failure is rethrown. */
    <T> T write(Op<T> op) {
        return Futures.await(submit(op));
    }

    /**
     * Queues a write and returns at once with its future, which completes on the publisher thread once
     * the write committed and its events were published (or fails, with nothing of it committed). The
     * caller waits only while the queue is full (at most {@link #OFFER_TIMEOUT_MS}, then UNAVAILABLE).
     */
    <T> CompletableFuture<T> submit(Op<T> op) {
        Pending<T> pending = pending(op);
        enqueue(pending);
        return pending.future;
    }

    /**
     * Like {@link #submit}, but the calling thread never waits, so an event loop may call it: while the
     * queue is full, a virtual thread waits for room instead, as long as {@link #submit} would, and a
     * write that finds none fails its future with UNAVAILABLE. Its caller bounds those threads: the
     * WebSocket send path has at most one write in flight per connection.
     */
    <T> CompletableFuture<T> submitWithoutWaiting(Op<T> op) {
        Pending<T> pending = pending(op);
        if (queue.offer(pending)) {
            leftBehind(pending);
            return pending.future;
        }
        java.lang.Thread.ofVirtual().name("parley-store-queue-wait").start(() -> {
            try {
                enqueue(pending);
            } catch (ParleyException e) {
                pending.future.completeExceptionally(e);
            }
        });
        return pending.future;
    }

    private <T> Pending<T> pending(Op<T> op) {
        if (closing) {
            throw ParleyException.unavailable("the store is closing", null);
        }
        return new Pending<>(op, new CompletableFuture<>(), System.nanoTime());
    }

    /** Queues the write, waiting while the queue is full (bounded); UNAVAILABLE when it stays full or closed. */
    private void enqueue(Pending<?> pending) {
        try {
            if (!queue.offer(pending, OFFER_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw ParleyException.unavailable("the store is overloaded, try again", null);
            }
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw ParleyException.unavailable("interrupted while waiting for the store", e);
        }
        leftBehind(pending);
    }

    /**
     * Queued after close() failed what was left in the queue, nobody will run it: either this finds it
     * still queued and fails it, or close() (or the writer) has taken it and answers it.
     */
    private void leftBehind(Pending<?> pending) {
        if (closed && queue.remove(pending)) {
            throw ParleyException.unavailable("the store is closed", null);
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (true) {
            Pending<?> first = queue.poll();
            if (first == null && handle != null && !closing && searchBacklog >= SearchIndexer.CHUNK) {
                // Between batches, with nothing queued: index a chunk in a transaction of its own, not
                // inside the next batch of writes, which it held up by the chunk's time. Not once
                // closing: indexWhileIdle would do nothing and this would spin instead of ending.
                indexWhileIdle(SearchIndexer.CHUNK);
                continue;
            }
            if (first == null) {
                try {
                    first = queue.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    first = null;
                }
            }
            if (first == null) {
                if (closing) {
                    discardHandle();
                    writerDone = true;
                    return;
                }
                if (handle != null) {
                    indexWhileIdle(1);
                    upkeep(upkeep::idle);
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                execute(batch);
            } catch (Throwable t) {
                log.error("write batch failed unexpectedly", t);
                RuntimeException mapped = Failures.map(t);
                batch.forEach(p -> p.future.completeExceptionally(mapped));
            }
            batch.clear();
        }
    }

    private void handOff(Runnable task) {
        try {
            committed.put(task);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            task.run();
        }
    }

    private void publishLoop() {
        while (true) {
            Runnable task;
            try {
                task = committed.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                task = null;
            }
            if (task == null) {
                // writerDone is set after the writer's last hand-off: empty now means empty for good.
                if (writerDone && committed.isEmpty()) {
                    return;
                }
                continue;
            }
            try {
                task.run();
            } catch (Throwable t) {
                log.error("handing back committed results failed", t);
            }
        }
    }

    private void execute(List<Pending<?>> batch) {
        boolean safe = false;
        boolean retriedAlone = false;
        boolean lookUpClientIds = clientIdLookUps > 0;
        if (lookUpClientIds) {
            clientIdLookUps--;
        }
        for (int attempt = 0; ; attempt++) {
            Object[] results = new Object[batch.size()];
            RuntimeException[] failures = new RuntimeException[batch.size()];
            boolean started = false;
            long began = System.nanoTime();
            long committing;
            long committed;
            try {
                Handle h = handle();
                dialect.begin(h);
                started = true;
                try {
                    Tx tx = new Tx(h, jdbc, dialect, clock, memberCache, keyCache);
                    if (!safe && !lookUpClientIds) {
                        tx.presumeNewClientIds();
                        if (dialect == Dialect.POSTGRES && batch.stream().allMatch(p -> p.op instanceof AppendBatch.Op)) {
                            tx.commitWithAppends();
                        }
                    }
                    tx.loadCounters();
                    RuntimeException failed = null;
                    if (safe) {
                        for (int i = 0; i < batch.size(); i++) {
                            runInSavepoint(tx, batch.get(i).op, i, results, failures);
                        }
                    } else {
                        failed = runOptimistically(tx, batch, results);
                    }
                    if (failed != null) {
                        dialect.rollback(h);
                        // The failure may be a last seq gone stale: the next run reads them again.
                        keyCache.forgetSeqs();
                        attempt--;
                        if (!safe && !lookUpClientIds && Failures.isUniqueViolation(failed)) {
                            // Most likely a client id already stored: a client sending again what it
                            // got no answer for. The batch once more, looking its client ids up, and
                            // the next batches too, so that a client repeating itself costs one
                            // batch run in CLIENT_ID_LOOK_UPS, not one each time.
                            lookUpClientIds = true;
                            clientIdLookUps = CLIENT_ID_LOOK_UPS;
                            continue;
                        }
                        if (batch.size() > 1) {
                            safe = true;
                            continue;
                        }
                        // Alone in its batch, the transaction was the write's savepoint. A unique key
                        // taken under our feet: run it once more, it now finds the row.
                        if (!retriedAlone && Failures.isUniqueViolation(failed)) {
                            retriedAlone = true;
                            continue;
                        }
                        complete(batch, results, new RuntimeException[] {logged(failed)});
                        return;
                    }
                    if (indexesSearch) {
                        indexSearch(tx);
                    }
                    tx.flush();
                    committing = System.nanoTime();
                    dialect.commit(h);
                    committed = System.nanoTime();
                    tx.committed();
                    if (indexesSearch) {
                        searchBacklog = SearchIndexer.backlog(tx);
                    }
                } catch (RuntimeException e) {
                    rollbackQuietly(h);
                    throw e;
                }
            } catch (RuntimeException e) {
                discardHandle();
                keyCache.forgetSeqs();
                // A connection lost before anything ran (a restarted PostgreSQL): one more try on a
                // fresh connection; otherwise the whole batch fails, nothing of it committed.
                if (!started && attempt == 0 && Failures.isUnavailable(e)) {
                    continue;
                }
                RuntimeException mapped = Failures.map(e);
                if (!(mapped instanceof ParleyException)) {
                    log.error("write batch failed", e);
                }
                batch.forEach(p -> p.future.completeExceptionally(mapped));
                return;
            }
            // Committed: the publisher publishes the events, then hands the results back, while this
            // thread already starts the next transaction.
            List<Pending<?>> done = List.copyOf(batch);
            handOff(() -> {
                publish(results, failures);
                complete(done, results, failures);
            });
            long queueWait = Math.max(0, began - queuedFirst(batch));
            long transaction = committed - began;
            long commit = committed - committing;
            observed(o -> o.committed(batch.size(), queueWait, transaction, commit));
            upkeep(upkeep::afterBatch);
            return;
        }
    }

    /** Tells the observer; a failing observer is logged and changes nothing of the write path. */
    private void observed(Consumer<BatchObserver> call) {
        try {
            call.accept(observer);
        } catch (RuntimeException e) {
            log.warn("batch observer failed: {}", e.toString());
        }
    }

    /** When the batch's longest-waiting write was queued. */
    private static long queuedFirst(List<Pending<?>> batch) {
        long first = Long.MAX_VALUE;
        for (Pending<?> p : batch) {
            first = Math.min(first, p.queuedAt);
        }
        return first;
    }

    /**
     * Runs the batch without savepoints, neighbouring writes of a {@link Groupable} kind together.
     * Returns the failure of a write that failed (the transaction must then be rolled back), else null.
     */
    private static RuntimeException runOptimistically(Tx tx, List<Pending<?>> batch, Object[] results) {
        int i = 0;
        while (i < batch.size()) {
            Op<?> op = batch.get(i).op;
            int end = i + 1;
            if (op instanceof Groupable<?> g) {
                while (end < batch.size() && batch.get(end).op.getClass() == op.getClass()) {
                    end++;
                }
            }
            try {
                if (end - i > 1) {
                    List<Op<?>> group = new ArrayList<>(end - i);
                    batch.subList(i, end).forEach(p -> group.add(p.op));
                    List<?> out = ((Groupable<?>) op).runGroup(tx, group);
                    for (int k = 0; k < out.size(); k++) {
                        results[i + k] = out.get(k);
                    }
                } else {
                    results[i] = op.run(tx);
                }
            } catch (RuntimeException e) {
                if (Failures.isUnavailable(e)) {
                    throw e;
                }
                return e;
            }
            i = end;
        }
        return null;
    }

    /**
     * Indexes a chunk of waiting messages for search at the end of a batch, only when the writer found no
     * moment between batches to do it in ({@link SearchIndexer#fallenBehind}: writes queued without a pause).
     * In a savepoint of its own: if indexing fails, the batch's writes still commit, and the messages
     * stay waiting for the next try.
     */
    private void indexSearch(Tx tx) {
        if (!SearchIndexer.fallenBehind(tx)) {
            return;
        }
        indexedInBatches++;
        RuntimeException failed = inSavepoint(tx, () -> SearchIndexer.index(tx, SearchIndexer.CHUNK));
        if (failed != null) {
            log.warn("indexing messages for search failed; they wait for the next batch: {}", failed.toString());
        }
    }

    /**
     * Runs {@code work} in a savepoint of the transaction. Returns null if it succeeded; else its failure,
     * after rolling back to the savepoint and forgetting what the work allocated and cached. A lost
     * connection is thrown: nothing of the transaction can go on.
     */
    private static RuntimeException inSavepoint(Tx tx, Runnable work) {
        tx.mark();
        tx.h.execute("SAVEPOINT op");
        try {
            work.run();
            tx.h.execute("RELEASE SAVEPOINT op");
            return null;
        } catch (RuntimeException e) {
            if (Failures.isUnavailable(e)) {
                throw e;
            }
            tx.h.execute("ROLLBACK TO SAVEPOINT op");
            tx.h.execute("RELEASE SAVEPOINT op");
            tx.restore();
            return e;
        }
    }

    /**
     * No write waiting: indexes for search, a transaction per chunk, while at least {@code atLeast}
     * messages wait and no write arrives (one that does waits for one chunk at most).
     */
    private void indexWhileIdle(long atLeast) {
        while (indexesSearch && searchBacklog >= atLeast && queue.isEmpty() && !closing) {
            Handle h = handle;
            long began = System.nanoTime();
            try {
                dialect.begin(h);
                try {
                    Tx tx = new Tx(h, jdbc, dialect, clock, memberCache, keyCache);
                    tx.loadCounters();
                    SearchIndexer.index(tx, SearchIndexer.CHUNK);
                    tx.flush();
                    dialect.commit(h);
                    searchBacklog = SearchIndexer.backlog(tx);
                    observed(o -> o.indexed(System.nanoTime() - began));
                } catch (RuntimeException e) {
                    rollbackQuietly(h);
                    throw e;
                }
            } catch (RuntimeException e) {
                log.warn("indexing messages for search failed; the next batch tries again: {}", e.toString());
                discardHandle();
                return;
            }
        }
    }

    private void upkeep(Consumer<Handle> work) {
        try {
            work.accept(handle);
        } catch (RuntimeException e) {
            log.warn("store upkeep failed: {}", e.toString());
            discardHandle();
        }
    }

    private Handle handle() {
        if (handle != null && System.nanoTime() - handleOpenedAt > HANDLE_MAX_AGE_NANOS) {
            discardHandle();
        }
        if (handle == null) {
            handle = jdbi.open();
            jdbc = new Jdbc(handle.getConnection(), dialect);
            handleOpenedAt = System.nanoTime();
        }
        return handle;
    }

    /** Gives the connection back to the pool, which drops it if it is broken. */
    private void discardHandle() {
        if (handle != null) {
            jdbc.close();
            jdbc = null;
            try {
                handle.close();
            } catch (RuntimeException e) {
                log.debug("closing the writer connection failed", e);
            }
            handle = null;
        }
    }

    private void runInSavepoint(Tx tx, Op<?> op, int i, Object[] results, RuntimeException[] failures) {
        for (int tries = 0; ; tries++) {
            RuntimeException failed = inSavepoint(tx, () -> results[i] = op.run(tx));
            if (failed == null) {
                return;
            }
            // A unique key taken under our feet: run the write again, it now finds the row.
            if (tries == 0 && Failures.isUniqueViolation(failed)) {
                continue;
            }
            failures[i] = logged(failed);
            return;
        }
    }

    private void publish(Object[] results, RuntimeException[] failures) {
        List<CommittedEvent> events = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (failures[i] == null && results[i] instanceof Committed<?> c) {
                events.addAll(c.events());
            }
        }
        if (events.isEmpty()) {
            return;
        }
        // The batch committed as one: its log order is cursor order, whatever order the writes ran in.
        events.sort(java.util.Comparator.comparingLong(CommittedEvent::cursor));
        try {
            publish.accept(events);
        } catch (RuntimeException e) {
            // Committed is committed: a failing subscriber must not turn it into an error for the caller.
            log.error("publishing committed events failed", e);
        }
    }

    /** The failure as the caller gets it; what is not in the catalogue is logged here with its cause. */
    private static RuntimeException logged(RuntimeException failure) {
        RuntimeException mapped = Failures.map(failure);
        if (!(mapped instanceof ParleyException)) {
            log.error("write failed", failure);
        }
        return mapped;
    }

    @SuppressWarnings("unchecked")
    private static void complete(List<Pending<?>> batch, Object[] results, RuntimeException[] failures) {
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Object> future = (CompletableFuture<Object>) batch.get(i).future;
            if (failures[i] != null) {
                future.completeExceptionally(failures[i]);
            } else {
                future.complete(results[i]);
            }
        }
    }

    private void rollbackQuietly(Handle h) {
        try {
            dialect.rollback(h);
        } catch (RuntimeException e) {
            log.debug("rollback failed", e);
        }
    }

    /** Stops taking writes, commits the ones already queued, then stops the writer thread. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(30_000);
            publisher.join(30_000);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
        }
        closed = true;
        Pending<?> left;
        while ((left = queue.poll()) != null) {
            left.future.completeExceptionally(ParleyException.unavailable("the store is closed", null));
        }
    }
}

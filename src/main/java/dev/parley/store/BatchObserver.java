package dev.parley.store;

/**
 * Hears of each committed write batch, and of the writer's own work between batches that holds the next
 * one up (for metrics); it runs on the store's writer thread, so it must be quick.
 */
@FunctionalInterface
public interface BatchObserver {
    /**
     * @param writes the writes the batch held
     * @param queueWaitNanos how long the batch's longest-waiting write was queued before BEGIN (behind
     *                       the batches ahead of it and the writer's upkeep between them)
     * @param transactionNanos from BEGIN until COMMIT returned
     * @param commitNanos the COMMIT alone: on SQLite the WAL write and its fsync, on PostgreSQL the WAL flush
     */
    void committed(int writes, long queueWaitNanos, long transactionNanos, long commitNanos);

    /**
     * SQLite: the writer's own checkpoint of the log ran between batches (once a second under writes,
     * see {@code WalCheckpoints}); no batch could begin meanwhile.
     */
    default void checkpointed(long nanos) {
    }

    /** SQLite: the writer indexed a chunk of messages for search between batches; no batch could begin meanwhile. */
    default void indexed(long nanos) {
    }
}

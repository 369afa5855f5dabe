/**
 * The store ports of {@code core} ({@link dev.parley.core.UserStore}, {@link dev.parley.core.ThreadStore},
 * {@link dev.parley.core.MessageStore}, {@link dev.parley.core.EventLog}) implemented on JDBC, with one
 * schema for SQLite (embedded default) and PostgreSQL (production), migrated by Flyway.
 *
 * <p>Every write goes through one {@link dev.parley.store.Writer} per store: it drains a bounded queue
 * and commits a batch of writes in one transaction (group commit), each write inside its own savepoint
 * so a failing write rolls back only itself. Every write transaction first takes one global lock, so
 * event cursors and per-thread seqs are assigned in commit order even with several nodes on one
 * PostgreSQL. Results are handed back, and events published, only after COMMIT.
 *
 * <p>SQL is plain text in the subset both databases speak, run through JDBI; the few differences
 * (transaction start, full-text search) live in {@link dev.parley.store.Dialect}.
 */
package dev.parley.store;

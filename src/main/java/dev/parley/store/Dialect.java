package dev.parley.store;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/** The few places where SQLite and PostgreSQL need different SQL. */
enum Dialect {
    SQLITE("sqlite", "INTEGER") {
        @Override
        void begin(Handle h) {
            // IMMEDIATE takes the database's write lock up front, so the transaction cannot fail
            // half-way with SQLITE_BUSY when it first writes.
            h.execute("BEGIN IMMEDIATE");
        }

        @Override
        void commit(Handle h) {
            h.execute("COMMIT");
        }

        @Override
        void rollback(Handle h) {
            h.execute("ROLLBACK");
        }

        @Override
        String matches(String messageAlias) {
            return messageAlias + ".key IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH :q)";
        }

        @Override
        String searchQuery(List<String> words) {
            StringBuilder q = new StringBuilder();
            for (String w : words) {
                q.append(q.isEmpty() ? "" : " ").append('"').append(w.replace("\"", "\"\"")).append("\"*");
            }
            return q.toString();
        }
    },
    POSTGRES("postgresql", "BIGINT") {
        @Override
        void begin(Handle h) {
            // The global write lock is taken by the transaction's first statement, which reads the
            // counters (see countersQuery): no round trip of its own.
            h.begin();
        }

        @Override
        String countersQuery() {
            // The global write lock: every write transaction on every node locks every counter, in one
            // order (so two cannot deadlock), and reads them as the last holder committed them (a row
            // locked after a wait is read again at its newest version). Cursors and seqs are thus handed
            // out in the order the transactions commit.
            return "SELECT name, value FROM counters ORDER BY name FOR UPDATE";
        }

        @Override
        void commit(Handle h) {
            h.commit();
        }

        @Override
        void rollback(Handle h) {
            h.rollback();
        }

        @Override
        String matches(String messageAlias) {
            return messageAlias + ".tsv @@ to_tsquery('simple', :q)";
        }

        @Override
        String searchQuery(List<String> words) {
            StringBuilder q = new StringBuilder();
            for (String w : words) {
                q.append(q.isEmpty() ? "" : " & ").append(w).append(":*");
            }
            return q.toString();
        }
    };

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    final String folder;
    /** The type of an internal 64-bit key: SQLite's INTEGER PRIMARY KEY is the rowid itself. */
    final String keyType;

    Dialect(String folder, String keyType) {
        this.folder = folder;
        this.keyType = keyType;
    }

    static Dialect of(StoreSettings settings) {
        if (settings.isSqlite()) {
            return SQLITE;
        }
        if (settings.isPostgres()) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("unsupported database URL: " + settings.jdbcUrl());
    }

    /**
     * Starts a write transaction; it holds the global write lock once it has run {@link
     * #countersQuery}, its first statement.
     */
    abstract void begin(Handle h);

    /** Reads every counter under the global write lock (SQLite's BEGIN IMMEDIATE holds it already). */
    String countersQuery() {
        return "SELECT name, value FROM counters";
    }

    abstract void commit(Handle h);

    abstract void rollback(Handle h);

    /** A condition on a messages alias matching the full-text query bound as {@code :q}. */
    abstract String matches(String messageAlias);

    /** The words as a query in the database's own syntax: every word, as a prefix, must occur. */
    abstract String searchQuery(List<String> words);

    /**
     * The user's input as plain words: letters and digits only, so no input can be read as search
     * syntax. Empty when there is nothing to search for.
     */
    static List<String> words(String input) {
        if (input == null) {
            return List.of();
        }
        Matcher m = WORD.matcher(input.toLowerCase(Locale.ROOT));
        java.util.ArrayList<String> words = new java.util.ArrayList<>();
        while (m.find() && words.size() < 16) {
            words.add(m.group());
        }
        return words;
    }
}

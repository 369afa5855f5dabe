package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pools of one store: a single writer connection (all writes go through it) and a
 * small pool of readers. Connections are checked out with a short timeout so callers fail fast when
 * the database is down.
 */
final class Database implements AutoCloseable {
    private static final long CONNECTION_TIMEOUT_MS = 2_000;

    final Dialect dialect;
    final HikariDataSource writerPool;
    final HikariDataSource readerPool;
    final Jdbi writer;
    final Jdbi reader;
    /** SQLite: the log's checkpoints, in the background. */
    private final Checkpointer checkpointer;
    /** PostgreSQL: the search index's pending list, in the background. */
    private final PendingListCleaner pendingListCleaner;

    private Database(Dialect dialect, HikariDataSource writerPool, HikariDataSource readerPool) {
        this.dialect = dialect;
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        this.writer = Jdbi.create(writerPool).setStatementBuilderFactory(connection -> new CachingStatements());
        this.reader = Jdbi.create(readerPool);
        if (dialect == Dialect.SQLITE) {
            // PostgreSQL's driver keeps its server-side prepared statements per connection by itself.
            reader.setStatementBuilderFactory(new ReaderStatements());
        }
        this.checkpointer = dialect == Dialect.SQLITE ? new Checkpointer(reader) : null;
        this.pendingListCleaner = dialect == Dialect.POSTGRES ? new PendingListCleaner(reader) : null;
    }

    /** SQLite: passes of the background checkpoint that ran to their end; 0 on PostgreSQL. */
    long checkpointPasses() {
        return checkpointer == null ? 0 : checkpointer.passes();
    }

    static Database open(StoreSettings settings) {
        Dialect dialect = Dialect.of(settings);
        migrate(settings);
        HikariDataSource writer = null;
        try {
            writer = pool(settings, dialect, "parley-writer", 1);
            HikariDataSource reader = pool(settings, dialect, "parley-reader", dialect == Dialect.SQLITE ? 4 : 8);
            return new Database(dialect, writer, reader);
        } catch (RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            throw Failures.map(e);
        }
    }

    /** Applies the pending migrations on connections of their own (Flyway takes two), then closes them. */
    static void migrate(StoreSettings settings) {
        Dialect dialect = Dialect.of(settings);
        try (HikariDataSource pool = pool(settings, dialect, "parley-migrate", 2)) {
            migrate(pool, dialect);
        } catch (RuntimeException e) {
            throw Failures.map(e);
        }
    }

    /** Applies the pending migrations of the schema. */
    static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.folder)
                .placeholders(Map.of("key_type", dialect.keyType))
                .load()
                .migrate();
    }

    private static HikariDataSource pool(StoreSettings settings, Dialect dialect, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(CONNECTION_TIMEOUT_MS);
        if (dialect == Dialect.SQLITE) {
            config.setDataSource(sqlite(settings.jdbcUrl(), name.equals("parley-writer")));
        } else {
            config.setJdbcUrl(settings.jdbcUrl());
            config.setUsername(settings.user());
            config.setPassword(settings.password());
            config.addDataSourceProperty("connectTimeout", "2");
            config.addDataSourceProperty("socketTimeout", "60");
            config.addDataSourceProperty("tcpKeepAlive", "true");
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.addDataSourceProperty("ApplicationName", name);
        }
        return new HikariDataSource(config);
    }

    private static SQLiteDataSource sqlite(String url, boolean writer) {
        String path = url.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        String file = query < 0 ? path : path.substring(0, query);
        if (!file.isEmpty() && !file.startsWith(":") && !file.startsWith("file:")) {
            Path parent = Path.of(file).toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + parent, e);
            }
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5_000);
        config.enforceForeignKeys(true);
        if (writer) {
            // Checkpoints run in the background (Checkpointer), not inside the writer's commits.
            config.setWalAutocheckpoint(0);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        return dataSource;
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (pendingListCleaner != null) {
            pendingListCleaner.close();
        }
        readerPool.close();
        writerPool.close();
        if (checkpointer != null) {
            // Only now: closing its descriptor drops the process's locks on the file (Checkpointer).
            checkpointer.closeFile();
        }
    }
}

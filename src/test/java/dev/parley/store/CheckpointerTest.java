package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The background checkpoint syncs the database file after a pass that copied frames (SQLite would
 * only after a pass that copied the whole log, which steady writes never leave it), and not again
 * while nothing new was copied. On a real SQLite file in WAL mode, with a connection that writes and
 * holds the log open with a read transaction, so that passes copy only part of it.
 */
class CheckpointerTest {
    @TempDir
    Path dir;

    private Jdbi sqlite(String file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setWalAutocheckpoint(0);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        return Jdbi.create(source);
    }

    @Test
    void syncs_the_file_after_a_pass_that_copied_part_of_the_log_and_not_again_until_it_copies_more() throws Exception {
        Jdbi jdbi = sqlite(dir.resolve("ckpt.db").toString());
        try (Handle writer = jdbi.open(); Handle reader = jdbi.open()) {
            writer.execute("CREATE TABLE t (v TEXT)");
            writer.execute("INSERT INTO t VALUES ('before the reader')");
            // A reader's snapshot: passes copy the log up to it and no further, as under steady writes.
            reader.begin();
            reader.createQuery("SELECT count(*) FROM t").mapTo(Long.class).one();
            writer.execute("INSERT INTO t VALUES ('after the reader')");

            Checkpointer checkpointer = new Checkpointer(jdbi, 20);
            try {
                awaitAtLeast(checkpointer::syncs, 1);
                long passes = checkpointer.passes();
                awaitAtLeast(checkpointer::passes, passes + 3);
                assertThat(checkpointer.syncs()).as("passes that copied nothing new do not sync").isEqualTo(1);

                reader.rollback();
                writer.execute("INSERT INTO t VALUES ('once the reader is gone')");
                awaitAtLeast(checkpointer::syncs, 2);
            } finally {
                checkpointer.close();
            }
            assertThat(writer.createQuery("SELECT count(*) FROM t").mapTo(Long.class).one())
                    .as("the database is still usable: the sync descriptor took no lock from SQLite").isEqualTo(3);
            checkpointer.closeFile();
        }
    }

    private static void awaitAtLeast(LongSupplier value, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(value.getAsLong()).isGreaterThanOrEqualTo(atLeast);
    }
}

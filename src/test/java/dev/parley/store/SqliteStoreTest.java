package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.MessageStore;
import dev.parley.core.Thread;
import dev.parley.core.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The store contract on SQLite, in a fresh directory. */
class SqliteStoreTest extends StoreContract {
    private Path dir;

    @Override
    protected JdbcStore openStore() throws Exception {
        dir = Files.createTempDirectory("parley-store-");
        return JdbcStore.open(StoreSettings.sqlite(dir.resolve("nested/data")));
    }

    @Override
    protected void dropStore() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void the_database_file_is_created_under_the_data_directory_and_reopens() {
        assertThat(dir.resolve("nested/data/parley.db")).exists();
        JdbcStore.migrate(StoreSettings.sqlite(dir.resolve("nested/data")));
        try (JdbcStore again = JdbcStore.open(StoreSettings.sqlite(dir.resolve("nested/data")))) {
            assertThat(again.head()).isEqualTo(store.head());
        }
    }

    @Test
    void readers_keep_their_statements_but_no_snapshot_between_reads() throws Exception {
        User ann = user("Ann");
        Thread t = thread(ann);
        var query = new MessageStore.PageQuery(null, null, 1);
        for (int i = 1; i <= 20; i++) {
            send(t, ann, "m" + i);
            int expected = i;
            List<Callable<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                readers.add(() -> store.memberPage(t.id(), ann.id(), query).orElseThrow().messages().getFirst().seq());
            }
            assertThat(concurrently(readers)).containsOnly((long) expected);
        }
        // A cached statement left mid-result would pin a read snapshot and keep a full checkpoint busy.
        try (Connection c = DriverManager.getConnection(StoreSettings.sqlite(dir.resolve("nested/data")).jdbcUrl());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("busy").isZero();
        }
    }
}

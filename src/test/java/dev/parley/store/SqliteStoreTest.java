package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
}

package dev.parley.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract, run against every database by a subclass that says how to open a store
 * ({@code SqliteStoreTest}, {@code PostgresStoreTest}). The scenarios are split by subject into the
 * chain this class ends: {@link UserThreadContract}, {@link MessageContract}, {@link EventSearchContract}.
 * One store serves the whole class; every scenario makes its own users and threads, so scenarios do
 * not see each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract extends EventSearchContract {

    /** Opens a fresh, migrated store for this test class. */
    protected abstract JdbcStore openStore() throws Exception;

    /** Removes what {@link #openStore()} created; called after the store is closed. */
    protected void dropStore() throws Exception {}

    @BeforeAll
    void openTheStore() throws Exception {
        store = openStore();
    }

    @AfterAll
    void closeTheStore() throws Exception {
        if (store != null) {
            store.close();
        }
        dropStore();
    }
}

package dev.parley.server;

import dev.parley.bus.LocalEventBus;
import dev.parley.core.Chat;
import dev.parley.files.LocalBlobStore;
import dev.parley.store.JdbcStore;
import dev.parley.store.StoreSettings;

import java.util.function.Function;

/** Operator commands run against the configured database without starting the server. */
final class Operator {
    private Operator() {}

    static StoreSettings storeSettings(Config config) {
        return config.dbUrl() == null
                ? StoreSettings.sqlite(config.dataDir())
                : new StoreSettings(config.dbUrl(), config.dbUser(), config.dbPassword());
    }

    static void migrate(Config config) {
        JdbcStore.migrate(storeSettings(config));
    }

    static int withChat(Config config, Function<Chat, Integer> work) {
        LocalEventBus bus = new LocalEventBus();
        try (JdbcStore store = JdbcStore.open(storeSettings(config), bus)) {
            Chat chat = Chat.assemble(new Chat.Ports(store, store, store, store, bus, store.files(),
                    LocalBlobStore.under(config.dataDir())), config.limits(), config.maxUploadBytes());
            return work.apply(chat);
        }
    }
}

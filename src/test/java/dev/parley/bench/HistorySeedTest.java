package dev.parley.bench;

import dev.parley.bus.LocalEventBus;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.Limits;
import dev.parley.core.Message;
import dev.parley.core.Messages;
import dev.parley.core.ThreadId;
import dev.parley.core.User;
import dev.parley.store.JdbcStore;
import dev.parley.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HistorySeedTest {
    @Test
    void seeded_history_reads_back_through_the_store_and_new_messages_continue_its_seq(@TempDir Path dir)
            throws Exception {
        HistorySeed.Seeded seeded = HistorySeed.sqlite(dir, 120, 3);

        LocalEventBus bus = new LocalEventBus();
        try (JdbcStore store = JdbcStore.open(StoreSettings.sqlite(dir), bus)) {
            Chat chat = Chat.assemble(new Chat.Ports(store, store, store, store, bus), Limits.defaults(),
                    Messages.AttachmentPolicy.NONE_ALLOWED);
            User reader = chat.users().find(seeded.reader()).orElseThrow();
            Actor actor = Actor.of(reader);
            ThreadId big = new ThreadId(UUID.fromString(seeded.bigThread()));

            var newest = chat.messages().history(actor, big, null, null, 50);
            assertThat(newest.messages()).extracting(Message::seq).containsExactlyInAnyOrderElementsOf(range(71, 120));
            assertThat(newest.more()).isTrue();
            var oldest = chat.messages().history(actor, big, 51L, null, 50);
            assertThat(oldest.messages()).extracting(Message::seq).containsExactlyInAnyOrderElementsOf(range(1, 50));

            assertThat(seeded.smallThreads()).hasSize(3);
            ThreadId small = new ThreadId(UUID.fromString(seeded.smallThreads().get(2)));
            var page = chat.messages().history(actor, small, null, null, 50);
            assertThat(page.messages()).extracting(Message::seq).containsExactlyInAnyOrderElementsOf(range(1, 40));
            assertThat(page.messages()).allSatisfy(m -> assertThat(m.text()).endsWith("of thread 3"));

            var sent = chat.messages().send(actor, Messages.Send.text(big, "after the seed", "after-1"));
            assertThat(sent.message().seq()).isEqualTo(121);
        }
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}

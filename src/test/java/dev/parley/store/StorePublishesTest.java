package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.CommittedEvent;
import dev.parley.core.ErrorCode;
import dev.parley.core.Event;
import dev.parley.core.EventBus;
import dev.parley.core.MessageStore;
import dev.parley.core.ParleyException;
import dev.parley.core.Thread;
import dev.parley.core.User;
import dev.parley.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store ports' contract on publication: a store opened with a bus publishes every committed event,
 * after commit, in commit (cursor) order, before the writer gets its result. Live delivery in seq
 * order on every connection rests on this.
 */
@Timeout(60)
class StorePublishesTest extends StoreFixture {
    private final List<CommittedEvent> published = Collections.synchronizedList(new ArrayList<>());
    private Path dir;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("parley-publish-");
        store = JdbcStore.open(StoreSettings.sqlite(dir), new EventBus() {
            @Override
            public void publish(List<CommittedEvent> events) {
                published.addAll(events);
            }

            @Override
            public void subscribe(long after, Subscriber subscriber) {
            }

            @Override
            public void close() {
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        TempDirs.delete(dir);
    }

    /**
     * Writers wait for their commit without a timeout, so a write queued just as the store closes must
     * still be answered: by its commit, or by "unavailable". None may wait forever.
     */
    @Test
    void writes_racing_the_stores_close_each_get_an_answer() throws Exception {
        User ann = user("Ann");
        Thread room = thread(ann, user("Bob"));
        AtomicInteger committed = new AtomicInteger();
        List<ParleyException> refusals = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int s = 0; s < 16; s++) {
                int sender = s;
                all.add(senders.submit(() -> {
                    for (int i = 0; ; i++) {
                        try {
                            append(room, ann, "m", "close-" + sender + "-" + i);
                            committed.incrementAndGet();
                        } catch (ParleyException e) {
                            refusals.add(e);
                            return;
                        }
                    }
                }));
            }
            while (committed.get() < 200) {
                java.lang.Thread.sleep(1);
            }
            store.close();
            for (Future<?> f : all) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(refusals).hasSize(16).allMatch(e -> e.code() == ErrorCode.UNAVAILABLE);
        assertThat(committed.get()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void concurrent_writes_are_published_once_each_in_cursor_order_before_the_writer_returns() throws Exception {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread room = thread(ann, bob);
        Set<Long> seenByWriters = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        var committed = append(room, writer % 2 == 0 ? ann : bob, "m", "w" + writer + "-" + i);
                        long cursor = committed.events().getFirst().cursor();
                        synchronized (published) {
                            assertThat(published).as("published before append returned")
                                    .anyMatch(e -> e.cursor() == cursor);
                        }
                        seenByWriters.add(cursor);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<CommittedEvent> messages;
        synchronized (published) {
            messages = published.stream().filter(e -> e.event() instanceof Event.MessageCreated).toList();
        }
        assertThat(messages).hasSize(400);
        for (int i = 1; i < messages.size(); i++) {
            assertThat(messages.get(i).cursor()).isGreaterThan(messages.get(i - 1).cursor());
            long seq = ((Event.MessageCreated) messages.get(i).event()).message().seq();
            long before = ((Event.MessageCreated) messages.get(i - 1).event()).message().seq();
            assertThat(seq).isEqualTo(before + 1);
        }
        assertThat(messages).extracting(CommittedEvent::cursor).containsExactlyInAnyOrderElementsOf(seenByWriters);
    }

    @Test
    void a_repeated_client_id_and_a_failed_write_publish_nothing() {
        User ann = user("Ann");
        User bob = user("Bob");
        Thread room = thread(ann, bob);
        append(room, ann, "once", "same");
        int after = published.size();

        MessageStore.Appended again = append(room, ann, "once", "same").value();
        assertThat(again.created()).isFalse();
        try {
            store.append(new MessageStore.NewMessage(dev.parley.core.ThreadId.random(), ann.id(), null,
                    dev.parley.core.Origin.USER, dev.parley.core.MessageKind.TEXT, "x", List.of(), null, null));
        } catch (RuntimeException expected) {
            // no such thread
        }

        assertThat(published).hasSize(after);
    }
}

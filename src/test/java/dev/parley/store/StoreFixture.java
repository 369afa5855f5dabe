package dev.parley.store;

import dev.parley.core.Committed;
import dev.parley.core.Member;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Origin;
import dev.parley.core.Role;
import dev.parley.core.Thread;
import dev.parley.core.ThreadKind;
import dev.parley.core.ThreadStore;
import dev.parley.core.User;
import dev.parley.core.UserProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The store under test and small builders the scenarios share. */
abstract class StoreFixture {
    protected JdbcStore store;

    protected User user(String name) {
        return store.upsertUser(new UserProfile("ext-" + UUID.randomUUID(), name, null, null, null, null)).user();
    }

    /** A custom thread: the first user owns it, the others are members. */
    protected Thread thread(User owner, User... others) {
        List<Member> members = new ArrayList<>();
        members.add(new Member(owner.id(), Role.OWNER));
        for (User u : others) {
            members.add(new Member(u.id(), Role.MEMBER));
        }
        return store.createThread(new ThreadStore.NewThread(ThreadKind.CUSTOM, "room", null, null, null, members))
                .value().thread();
    }

    protected Committed<MessageStore.Appended> append(Thread thread, User sender, String text, String clientId) {
        return store.append(new MessageStore.NewMessage(thread.id(), sender == null ? null : sender.id(), clientId,
                Origin.USER, MessageKind.TEXT, text, List.of(), null, null));
    }

    protected Message send(Thread thread, User sender, String text) {
        return append(thread, sender, text, null).value().message();
    }

    protected MessageStore.MessagePage page(Thread thread, User viewer, Long before, Long after, int limit) {
        return store.page(thread.id(), viewer == null ? null : viewer.id(),
                new MessageStore.PageQuery(before, after, limit));
    }

    protected static List<Long> seqs(MessageStore.MessagePage page) {
        return page.messages().stream().map(Message::seq).toList();
    }

    protected static List<Long> range(long from, long to) {
        List<Long> list = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            list.add(i);
        }
        return list;
    }

    /** Runs the tasks at once (released together) and returns their results in task order. */
    protected static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }
}

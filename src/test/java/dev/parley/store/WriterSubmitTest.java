package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ErrorCode;
import dev.parley.core.ParleyException;
import dev.parley.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Writer#submit}: the write path an event loop may call. It must never block, not even when the
 * writer is stuck and its queue is full, and its futures complete only after commit.
 */
@Timeout(60)
class WriterSubmitTest {
    private Path dir;
    private Database db;
    private Writer writer;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("parley-writer-");
        db = Database.open(StoreSettings.sqlite(dir));
        writer = new Writer(db.writer, db.dialect, new MicroClock(), events -> { }, Writer.Upkeep.NONE);
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
        TempDirs.delete(dir);
    }

    @Test
    void a_full_queue_fails_a_submitted_write_at_once_and_the_queued_ones_still_commit() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> held = writer.submit(tx -> {
            running.countDown();
            await(release);
            return "held";
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        // The writer is inside its batch: everything submitted now waits in its queue, until it is full.
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        CompletableFuture<Integer> refused = null;
        for (int i = 0; i < 100_000 && refused == null; i++) {
            int n = i;
            CompletableFuture<Integer> f = writer.submit(tx -> n);
            if (f.isCompletedExceptionally()) {
                refused = f;
            } else {
                queued.add(f);
            }
        }
        assertThat(refused).as("a submit refused once the queue is full").isNotNull();
        assertThat(queued).hasSizeGreaterThan(1_000).noneMatch(CompletableFuture::isDone);
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(ParleyException.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.UNAVAILABLE));

        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
        }
    }

    @Test
    void a_submitted_write_completes_after_its_commit_with_its_result_or_its_failure() throws Exception {
        CompletableFuture<Integer> inserted = writer.submit(tx -> {
            tx.h.execute("CREATE TABLE IF NOT EXISTS probe (v INTEGER)");
            return tx.h.execute("INSERT INTO probe (v) VALUES (1)");
        });
        assertThat(inserted.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        // Committed when it completed: a reader of its own sees the row.
        int rows = db.reader.withHandle(h -> h.createQuery("SELECT count(*) FROM probe").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(1);

        CompletableFuture<Object> failing = writer.submit(tx -> {
            throw ParleyException.invalid("v", "refused");
        });
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(ParleyException.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.INVALID));
    }

    @Test
    void a_write_submitted_after_close_is_refused() {
        writer.close();
        CompletableFuture<Integer> late = writer.submit(tx -> 1);
        assertThatThrownBy(late::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(ParleyException.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
        }
    }
}

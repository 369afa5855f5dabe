package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the writer runs its own checkpoint: once a second, but only right after a background pass has
 * ended (then little is left to copy and sync while it holds the writer), or after two seconds without
 * one. On a real SQLite file in WAL mode, with the clock and the background passes in the test's hands.
 */
class WalCheckpointsTest {
    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong passes = new AtomicLong();
    private Handle h;
    private WalCheckpoints checkpoints;

    @BeforeEach
    void open() {
        h = Jdbi.create("jdbc:sqlite:" + dir.resolve("wal.db")).open();
        h.execute("PRAGMA journal_mode = WAL");
        h.execute("PRAGMA wal_autocheckpoint = 0");
        h.execute("CREATE TABLE t (v TEXT)");
        checkpoints = new WalCheckpoints(passes::get, now::get);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void waits_past_its_second_for_a_background_pass_to_end_then_checkpoints() {
        batch();
        advance(1_100);
        batch();
        assertThat(checkpoints.complete()).as("a second gone, no background pass ended since the last batch").isZero();

        passes.incrementAndGet();
        batch();
        assertThat(checkpoints.complete()).as("the first batch after a pass").isEqualTo(1);

        passes.incrementAndGet();
        advance(500);
        batch();
        assertThat(checkpoints.complete()).as("a pass ended, but within the second").isEqualTo(1);
    }

    @Test
    void tells_its_observer_how_long_each_checkpoint_held_the_writer() {
        List<Long> held = new ArrayList<>();
        checkpoints.observe(held::add);
        batch();
        advance(1_100);
        passes.incrementAndGet();
        batch();
        batch();
        assertThat(checkpoints.complete()).isEqualTo(1);
        assertThat(held).as("one checkpoint, none for the batches without one").hasSize(1);
        assertThat(held.getFirst()).isPositive();
    }

    @Test
    void checkpoints_anyway_when_no_background_pass_ends_for_two_seconds() {
        batch();
        advance(1_900);
        batch();
        assertThat(checkpoints.complete()).isZero();
        advance(200);
        batch();
        assertThat(checkpoints.complete()).isEqualTo(1);
    }

    /** A committed write, then what the writer does after each batch. */
    private void batch() {
        h.execute("INSERT INTO t (v) VALUES ('x')");
        checkpoints.afterBatch(h);
    }

    private void advance(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }
}

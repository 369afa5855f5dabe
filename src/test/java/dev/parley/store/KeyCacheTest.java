package dev.parley.store;

import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCacheTest {
    private final KeyCache cache = new KeyCache();
    private final ThreadId thread = ThreadId.random();
    private final UserId user = UserId.random();

    private void commit(long lastSeq, long messagesCounter) {
        cache.committed(List.of(new Tx.ThreadState(7, thread, lastSeq)), Map.of(user, 3L), messagesCounter);
    }

    @Test
    void what_a_commit_knew_serves_the_next_batch_while_no_other_writer_wrote_a_message() {
        cache.validate(10L);
        commit(4, 12);
        cache.validate(12L);
        Tx.ThreadState state = cache.thread(thread);
        assertThat(state.key).isEqualTo(7);
        assertThat(state.lastSeq).isEqualTo(4);
        assertThat(cache.user(user)).isEqualTo(3L);
        // The transaction gets its own object: what it changes reaches the cache only through a commit.
        state.lastSeq++;
        assertThat(cache.thread(thread).lastSeq).isEqualTo(4);
    }

    @Test
    void a_message_written_by_another_writer_drops_every_last_seq_but_no_key() {
        commit(4, 12);
        cache.validate(13L);
        assertThat(cache.thread(thread)).isNull();
        assertThat(cache.user(user)).isEqualTo(3L);
        // Dropped for good, even if the counter read next matches the old value again.
        cache.validate(12L);
        assertThat(cache.thread(thread)).isNull();
    }

    @Test
    void a_failed_batch_drops_the_last_seqs() {
        commit(4, 12);
        cache.forgetSeqs();
        cache.validate(12L);
        assertThat(cache.thread(thread)).isNull();
        assertThat(cache.user(user)).isEqualTo(3L);
    }

    @Test
    void threads_kept_from_an_earlier_commit_stay_after_a_commit_that_did_not_touch_them() {
        commit(4, 12);
        cache.validate(12L);
        ThreadId other = ThreadId.random();
        cache.committed(List.of(new Tx.ThreadState(8, other, 1)), Map.of(), 13);
        cache.validate(13L);
        assertThat(cache.thread(thread).lastSeq).isEqualTo(4);
        assertThat(cache.thread(other).lastSeq).isEqualTo(1);
    }

    @Test
    void it_keeps_at_most_its_bound_of_threads() {
        cache.validate(0L);
        for (int i = 0; i < KeyCache.MAX_ENTRIES + 10; i++) {
            cache.committed(List.of(new Tx.ThreadState(i, ThreadId.random(), 0)), Map.of(), 0);
        }
        assertThat(cache.threads()).isEqualTo(KeyCache.MAX_ENTRIES);
    }
}

package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a write transaction hands to a statement that writes its event rows and counters early. */
class TxTest {
    private final Tx tx = new Tx(null, null, Dialect.POSTGRES, new MicroClock(), new MemberCache(), new KeyCache());

    private EventSql.Row row(long cursor) {
        return new EventSql.Row(cursor, 1, "reaction", 10L, 20L, null, "{}", 0);
    }

    @Test
    void unwritten_events_and_counters_are_handed_out_once() {
        long cursor = tx.next("events");
        tx.addEvent(row(cursor));

        Tx.Unwritten first = tx.takeUnwritten();
        assertThat(first.events()).extracting(EventSql.Row::cursor).containsExactly(cursor);
        assertThat(first.counters()).containsEntry("events", cursor);

        Tx.Unwritten second = tx.takeUnwritten();
        assertThat(second.events()).isEmpty();
        assertThat(second.counters()).isEmpty();
    }

    /**
     * Inside a savepoint nothing is handed out: a write that fails after its statement took the rows
     * would take the earlier writes' events back with it when rolled back to its savepoint.
     */
    @Test
    void nothing_is_handed_out_once_a_savepoint_was_used() {
        tx.addEvent(row(tx.next("events")));
        tx.mark();
        tx.addEvent(row(tx.next("events")));

        Tx.Unwritten unwritten = tx.takeUnwritten();
        assertThat(unwritten.events()).isEmpty();
        assertThat(unwritten.counters()).isEmpty();

        tx.restore();
        assertThat(tx.counter("events")).isEqualTo(1);
    }

    /**
     * Appends commit with their own statement only in a batch of appends that presumes its client ids
     * new (nothing to read after it) and has used no savepoint.
     */
    @Test
    void appends_commit_with_their_statement_only_when_nothing_can_follow_it() {
        tx.commitWithAppends();
        assertThat(tx.commitsWithAppends()).isFalse();
        tx.presumeNewClientIds();
        assertThat(tx.commitsWithAppends()).isTrue();
        tx.mark();
        assertThat(tx.commitsWithAppends()).isFalse();
    }

    @Test
    void nothing_is_written_after_the_appends_committed() {
        tx.committedWithAppends();
        tx.flush();
        tx.addEvent(row(tx.next("events")));
        assertThatThrownBy(tx::flush).isInstanceOf(IllegalStateException.class);
    }
}

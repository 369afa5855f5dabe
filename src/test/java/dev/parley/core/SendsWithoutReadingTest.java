package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which sends may be checked and queued on an event loop ({@link Messages#sendsWithoutReading}): only
 * those for which sendAsync reads nothing from the store first. A send it wrongly let through would
 * block an event loop on a database read.
 */
class SendsWithoutReadingTest {
    private static final User ANN = new User(1, UserId.random(), "ann", "Ann", null, null, null, null,
            Instant.EPOCH, Instant.EPOCH);
    private static final Actor PERSON = new Actor.Person(ANN);
    private static final ThreadId THREAD = ThreadId.random();

    private static Messages.Send send(ThreadId thread, UserId to, MessageKind kind, List<FileId> files,
                                      UserId sharedUser, MessageId replyTo) {
        return new Messages.Send(thread, to, "c1", kind, "hello", files, sharedUser, replyTo, null, null);
    }

    @Test
    void a_users_text_to_a_thread_by_its_id_reads_nothing_first() {
        assertThat(Messages.sendsWithoutReading(PERSON, Messages.Send.text(THREAD, "hello", "c1"))).isTrue();
        assertThat(Messages.sendsWithoutReading(PERSON, send(THREAD, null, null, null, null, null))).isTrue();
        assertThat(Messages.sendsWithoutReading(PERSON, send(THREAD, null, MessageKind.TEXT, List.of(), null, null)))
                .isTrue();
    }

    @Test
    void every_send_whose_checks_read_the_store_goes_to_a_thread_that_may_block() {
        assertThat(Messages.sendsWithoutReading(PERSON, send(null, UserId.random(), null, null, null, null)))
                .as("to: opens or finds the direct thread").isFalse();
        assertThat(Messages.sendsWithoutReading(PERSON, send(THREAD, null, null, null, null, MessageId.random())))
                .as("reply_to: reads its target").isFalse();
        assertThat(Messages.sendsWithoutReading(PERSON, send(THREAD, null, MessageKind.FILE,
                List.of(FileId.random()), null, null))).as("files: checks their uploader").isFalse();
        assertThat(Messages.sendsWithoutReading(PERSON, send(THREAD, null, MessageKind.USER_PROFILE, null,
                UserId.random(), null))).as("user_profile: reads the shared user").isFalse();
        assertThat(Messages.sendsWithoutReading(PERSON, send(THREAD, null, MessageKind.SYSTEM, null, null, null)))
                .as("system").isFalse();
        assertThat(Messages.sendsWithoutReading(new Actor.Server(), Messages.Send.text(THREAD, "hello", "c1")))
                .as("the server key: reads the user it posts as").isFalse();
        assertThat(Messages.sendsWithoutReading(new Actor.Visitor(THREAD), Messages.Send.text(THREAD, "hello", "c1")))
                .as("a visitor: its thread is checked first").isFalse();
    }
}

package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which sends a transport may queue from its event loop ({@link Messages#queueable}): only those that
 * need nothing from the store before the append, whose own transaction checks the sender's membership.
 * Everything else reads first (the thread of a {@code to}, a reply's target, files, a shared user, the
 * membership of a sender without a user) and so must run where it may block.
 */
class QueueableSendTest {
    private static final User ANN = new User(1, UserId.random(), "ann", "Ann", null, null, null, null,
            Instant.EPOCH, Instant.EPOCH);
    private static final Actor PERSON = Actor.of(ANN);
    private static final ThreadId THREAD = ThreadId.random();

    private static Messages.Send send(ThreadId thread, UserId to, MessageKind kind, List<FileId> files,
                                      UserId sharedUser, MessageId replyTo) {
        return new Messages.Send(thread, to, "c-1", kind, "hi", files, sharedUser, replyTo, null, null);
    }

    @Test
    void a_user_posting_text_to_a_thread_by_id_is_queued() {
        assertThat(Messages.queueable(PERSON, Messages.Send.text(THREAD, "hi", "c-1"))).isTrue();
        assertThat(Messages.queueable(PERSON, send(THREAD, null, null, null, null, null))).as("no kind: text").isTrue();
    }

    @Test
    void every_send_that_reads_before_its_append_is_not() {
        assertThat(Messages.queueable(PERSON, send(null, UserId.random(), MessageKind.TEXT, List.of(), null, null)))
                .as("to a user: the direct thread is looked up or opened").isFalse();
        assertThat(Messages.queueable(PERSON, send(THREAD, null, MessageKind.TEXT, List.of(), null, MessageId.random())))
                .as("a reply: its target is read").isFalse();
        assertThat(Messages.queueable(PERSON, send(THREAD, null, MessageKind.FILE, List.of(FileId.random()), null, null)))
                .as("files: their uploader is checked").isFalse();
        assertThat(Messages.queueable(PERSON, send(THREAD, null, MessageKind.USER_PROFILE, List.of(), UserId.random(), null)))
                .as("a shared user: looked up").isFalse();
        assertThat(Messages.queueable(Actor.SERVER, Messages.Send.text(THREAD, "hi", "c-1")))
                .as("the server key: posts as someone looked up, or as no user").isFalse();
        assertThat(Messages.queueable(new Actor.Visitor(THREAD), Messages.Send.text(THREAD, "hi", "c-1")))
                .as("a visitor: no user whose membership the append could check").isFalse();
    }
}

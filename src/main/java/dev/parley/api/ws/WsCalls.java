package dev.parley.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Wire;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.CommittedEvent;
import dev.parley.core.EventLog;
import dev.parley.core.Inbox;
import dev.parley.core.MessageStore;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.realtime.Connection;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The core call behind each client request, and its reply. Runs on a virtual thread (it blocks on
 * the store), except a send that reads nothing first ({@link Messages#sendsWithoutReading}); only
 * translates frames to use cases and results to frames.
 */
final class WsCalls {
    private final Chat chat;
    private final String requestId;

    WsCalls(Chat chat, String requestId) {
        this.chat = chat;
        this.requestId = requestId;
    }

    /**
     * {@code send}: checks the message and queues it for the store; the stage completes once it is
     * committed, on the store's thread. Its ack is made by {@link #sent}, where the answer is sent.
     * Blocks unless {@link Messages#sendsWithoutReading} holds for it.
     */
    CompletableFuture<MessageStore.Appended> send(Actor.Person me, Messages.Send cmd) {
        return chat.messages().sendAsync(me, cmd);
    }

    /** The ack of a {@code send}, with the stored message. */
    static ObjectNode sent(JsonNode id, MessageStore.Appended a) {
        ObjectNode ack = WsReplies.ack(id);
        ack.set("message", Wire.message(a.message()));
        ack.put("created", a.created());
        return ack;
    }

    ObjectNode read(Actor.Person me, JsonNode id, ObjectNode frame) {
        ThreadId thread = WsRequests.thread(frame);
        Inbox inbox = chat.threads().markRead(me, thread, WsRequests.count(frame, "seq"));
        return WsReplies.ack(id).put("thread", thread.toString()).put("last_read_seq", inbox.lastReadSeq());
    }

    ObjectNode typing(Actor.Person me, JsonNode id, ObjectNode frame) {
        chat.threads().typing(me, WsRequests.thread(frame));
        return WsReplies.ack(id);
    }

    /** {@code resume} on a live connection: holds live events back while the replay is read. */
    void resume(Actor.Person me, Connection c, JsonNode id, ObjectNode frame) {
        long cursor = WsRequests.count(frame, "cursor");
        c.pause();
        replay(me, c, cursor, null, id);
    }

    /** Greets a connection registered held (see {@code Hub.registerHeld}), with a replay when asked. */
    void greet(Actor.Person me, Connection c, Long cursor) {
        ObjectNode ready = WsReplies.ready(me.user(), chat.resume().head());
        if (cursor == null) {
            c.resume(ready, List.of(), null);
        } else {
            replay(me, c, cursor, ready, null);
        }
    }

    /**
     * Replays what the user missed after {@code cursor} into a paused connection and ends the pause:
     * {@code before}, the events, then {@code resumed} (or {@code reload} when the replay is incomplete,
     * or an error), then the live events held meanwhile.
     */
    private void replay(Actor.Person me, Connection c, long cursor, ObjectNode before, JsonNode id) {
        try {
            long head = chat.resume().head();
            EventLog.Replay replay = chat.resume().since(me, cursor);
            if (!replay.complete()) {
                c.resume(before, List.of(), WsReplies.reload(id, "too many events were missed; reload over "
                        + "REST, then carry on from this cursor", head));
                return;
            }
            List<CommittedEvent> events = replay.events();
            long last = events.isEmpty() ? cursor : events.getLast().cursor();
            c.resume(before, events, WsReplies.resumed(id, last));
        } catch (ParleyException e) {
            c.resume(before, List.of(), WsReplies.error(id, e, requestId));
        } catch (RuntimeException e) {
            c.resume(before, List.of(), null);
            throw e;
        }
    }
}

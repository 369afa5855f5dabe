package dev.parley.dialect.tsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.ErrorCode;
import dev.parley.core.Message;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.core.Thread;
import dev.parley.core.User;
import dev.parley.core.UserId;
import dev.parley.web.Exchange;
import dev.parley.web.Json;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /chats/messages/}: a thread's messages in batches, sending, and deleting from one's inbox. */
final class TsyncMessages {
    private final Chat chat;

    TsyncMessages(Chat chat) {
        this.chat = chat;
    }

    /**
     * The newest batch of a thread, newest first; with {@code last_message} (the smallest id of the
     * previous batch) the batch before it, until an empty one.
     */
    Exchange.Reply list(Actor actor, Exchange ex) {
        Long threadKey = Fields.pkParam("chat_thread", ex.queryParam("chat_thread"));
        if (threadKey == null) {
            throw ParleyException.invalid("chat_thread", Fields.REQUIRED);
        }
        Integer requested = Fields.intParam("page_size", ex.queryParam("page_size"));
        int size = chat.limits().pageSize(requested, 50);
        Thread thread = chat.threads().requireByKey(actor, threadKey);
        Long lastMessage = Fields.pkParam("last_message", ex.queryParam("last_message"));
        Long beforeSeq = lastMessage == null ? null : messageOf(actor, thread, lastMessage).seq();
        MessageStore.MessagePage page = chat.messages().history(actor, thread.id(), beforeSeq, null, size);
        List<Message> newestFirst = page.messages().reversed();
        Map<UserId, User> users = senders(newestFirst);
        ArrayNode results = Json.MAPPER.createArrayNode();
        newestFirst.forEach(m -> results.add(TsyncWire.message(m, thread, users)));
        String next = null;
        if (page.more() && !newestFirst.isEmpty()) {
            next = ex.baseUrl() + ex.path() + "?chat_thread=" + thread.key() + "&last_message="
                    + newestFirst.getLast().key() + (requested == null ? "" : "&page_size=" + size);
        }
        return new Exchange.Reply(200, TsyncWire.page(results, next));
    }

    Exchange.Reply get(Actor actor, Exchange ex) {
        Message message = chat.messages().getByKey(actor, key(ex.param("id")));
        Thread thread = chat.threads().require(actor, message.thread());
        return new Exchange.Reply(200, TsyncWire.message(message, thread, senders(List.of(message))));
    }

    /**
     * Sends a text message to {@code chat_thread}. {@code sent_by} names the caller (the server key
     * names the user it sends as); a repeated {@code tsync_id} returns the first message (200).
     */
    Exchange.Reply create(Actor actor, Exchange ex) {
        JsonNode body = Fields.body(ex.body());
        long threadKey = Fields.pk(body, "chat_thread", true);
        String text = Fields.string(body, "text", true);
        String tsyncId = Fields.string(body, "tsync_id", false);
        JsonNode sentBy = body.get("sent_by");
        UserId asUser = null;
        if (sentBy != null && !sentBy.isNull()) {
            String ref = Fields.userRef("sent_by", sentBy);
            asUser = chat.users().find(ref).map(User::id).orElseThrow(() -> ParleyException.invalid("sent_by",
                    "Invalid pk \"" + ref + "\" - object does not exist."));
        } else if (actor instanceof Actor.Server) {
            throw ParleyException.invalid("sent_by", Fields.REQUIRED);
        }
        Thread thread = chat.threads().requireByKey(actor, threadKey);
        MessageStore.Appended appended = chat.messages().send(actor, new Messages.Send(thread.id(), null, tsyncId,
                MessageKind.TEXT, text, List.of(), null, null, null, asUser));
        Message message = appended.message();
        Thread of = message.thread().equals(thread.id()) ? thread : chat.threads().require(actor, message.thread());
        return new Exchange.Reply(appended.created() ? 201 : 200,
                TsyncWire.message(message, of, senders(List.of(message))));
    }

    /** Removes the message from the caller's own inbox; the other participants keep it. */
    Exchange.Reply delete(Actor actor, Exchange ex) {
        Message message = chat.messages().getByKey(actor, key(ex.param("id")));
        chat.messages().deleteForMe(actor, message.id());
        return new Exchange.Reply(204, null);
    }

    private Message messageOf(Actor actor, Thread thread, long key) {
        try {
            Message m = chat.messages().getByKey(actor, key);
            if (m.thread().equals(thread.id())) {
                return m;
            }
        } catch (ParleyException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        throw ParleyException.invalid("last_message", "Invalid pk \"" + key + "\" - object does not exist.");
    }

    private Map<UserId, User> senders(List<Message> messages) {
        Set<UserId> ids = new LinkedHashSet<>();
        messages.forEach(m -> {
            if (m.sender() != null) {
                ids.add(m.sender());
            }
        });
        return ids.isEmpty() ? Map.of() : chat.users().all(ids);
    }

    private static long key(String text) {
        if (!Fields.isDigits(text)) {
            throw ParleyException.notFound("message");
        }
        return Long.parseLong(text);
    }
}

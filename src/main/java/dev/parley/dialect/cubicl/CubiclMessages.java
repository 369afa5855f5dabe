package dev.parley.dialect.cubicl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.Actor;
import dev.parley.core.Chat;
import dev.parley.core.ErrorCode;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageKind;
import dev.parley.core.Messages;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import dev.parley.web.Exchange;
import dev.parley.web.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** A thread's messages, sending, and likes/dislikes. */
final class CubiclMessages {
    private final Chat chat;
    private final CubiclThreads threads;

    CubiclMessages(Chat chat, CubiclThreads threads) {
        this.chat = chat;
        this.threads = threads;
    }

    /**
     * {@code GET /api/v1/chat/threads/:threadId/messages}, oldest first: the newest {@code limit}
     * messages, those before or after a message, or those matching {@code search}. Fetching the newest
     * page records the view: the caller's read mark moves to its last message.
     */
    Exchange.Reply list(Actor actor, Exchange ex) {
        ThreadId thread = ThreadId.parse(ex.param("threadId"));
        chat.threads().require(actor, thread);
        Integer limit = Params.integer("limit", ex.queryParam("limit"));
        String search = blankToNull(ex.queryParam("search"));
        String after = blankToNull(ex.queryParam("after"));
        String before = blankToNull(ex.queryParam("before"));
        List<Message> messages;
        if (search != null) {
            if (after != null || before != null) {
                throw ParleyException.invalid("search", "search cannot be combined with after or before");
            }
            messages = new ArrayList<>(chat.messages().search(actor, thread, search, limit));
            messages.sort(Comparator.comparingLong(Message::seq));
        } else {
            Long afterSeq = after == null ? null : cursor(actor, thread, "after", after);
            Long beforeSeq = before == null ? null : cursor(actor, thread, "before", before);
            messages = chat.messages().history(actor, thread, beforeSeq, afterSeq, limit).messages();
            if (after == null && before == null && !messages.isEmpty() && actor instanceof Actor.Person) {
                chat.threads().markRead(actor, thread, messages.getLast().seq());
            }
        }
        CubiclWire.Refs refs = Params.refs(chat, actor, Set.of(), messages);
        ArrayNode list = Json.MAPPER.createArrayNode();
        messages.forEach(m -> list.add(CubiclWire.message(m, refs)));
        return new Exchange.Reply(200, list);
    }

    /**
     * {@code POST /api/v1/chat/messages}: to a {@code thread}, or {@code to} a user (opening the
     * personal thread on the first message, which the answer then carries as {@code thread}).
     */
    Exchange.Reply send(Actor actor, Exchange ex) {
        ObjectNode body = Json.object(ex.body() == null ? "" : ex.body());
        String threadText = Params.string(body, "thread");
        JsonNode toNode = body.get("to");
        String to = toNode == null || toNode.isNull() ? null : Params.userRef("to", toNode);
        String content = Params.string(body, "content");
        List<FileId> files = files(body.get("files"));
        String replyText = Params.string(body, "replyTo");
        if (threadText == null && to == null) {
            throw ParleyException.invalid("thread", "thread or to must be set");
        }
        if (content == null && files.isEmpty()) {
            throw ParleyException.invalid("text", "content or files must be set");
        }
        if (threadText != null && to != null) {
            throw ParleyException.invalid("thread", "set either thread or to, not both");
        }
        MessageId replyTo = replyText == null ? null : messageId("replyTo", replyText);
        ThreadId thread = threadText == null ? null : ThreadId.parse(threadText);
        UserId other = null;
        boolean opening = false;
        if (thread == null) {
            // The core opens the personal thread with the message, only once the message is accepted.
            other = chat.users().find(to).orElseThrow(() -> ParleyException.notFound("user")).id();
            opening = chat.threads().findDirect(actor, other).isEmpty();
        }
        MessageKind kind = content == null ? MessageKind.FILE : MessageKind.TEXT;
        Message message = chat.messages().send(actor, new Messages.Send(thread, other, null, kind, content, files,
                null, replyTo, null, null)).message();
        ObjectNode answer = Json.obj();
        answer.put("message", message.id().toString());
        if (opening) {
            answer.set("thread", threads.render(actor, message.thread()));
        }
        return new Exchange.Reply(200, answer);
    }

    /** Adds ({@code add}) or removes the caller's like or dislike; answers the message. */
    Exchange.Reply react(Actor actor, Exchange ex, String kind, boolean add) {
        MessageId id = MessageId.parse(ex.param("messageId"));
        chat.messages().react(actor, id, kind, add);
        Message message = chat.messages().get(actor, id);
        return new Exchange.Reply(200, CubiclWire.message(message, Params.refs(chat, actor, Set.of(), List.of(message))));
    }

    /** The seq of a message of this thread named as a cursor; anything else is invalid input. */
    private long cursor(Actor actor, ThreadId thread, String field, String text) {
        try {
            Message m = chat.messages().get(actor, messageId(field, text));
            if (m.thread().equals(thread)) {
                return m.seq();
            }
        } catch (ParleyException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        throw ParleyException.invalid(field, field + " is not a message of this thread");
    }

    private static MessageId messageId(String field, String text) {
        try {
            return MessageId.parse(text);
        } catch (ParleyException e) {
            throw ParleyException.invalid(field, field + " is not a message id");
        }
    }

    private List<FileId> files(JsonNode list) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw ParleyException.invalid("files", "files must be a list of file ids");
        }
        if (list.size() > chat.limits().maxFilesPerMessage()) {
            throw ParleyException.tooLarge("files", "at most " + chat.limits().maxFilesPerMessage()
                    + " files per message");
        }
        List<FileId> ids = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                throw ParleyException.invalid("files", "files must be a list of file ids");
            }
            try {
                ids.add(FileId.parse(item.asText()));
            } catch (ParleyException e) {
                throw ParleyException.invalid("files", "files must be a list of file ids");
            }
        }
        return ids;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

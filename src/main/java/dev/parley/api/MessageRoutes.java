package dev.parley.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageKind;
import dev.parley.core.MessageStore;
import dev.parley.core.Messages;
import dev.parley.core.Origin;
import dev.parley.core.ParleyException;
import dev.parley.core.ThreadId;
import dev.parley.web.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code /v1/messages} and {@code /v1/search}: send, read, edit, delete, react, search. */
final class MessageRoutes {

    void mount(Routes r) {
        r.post("/v1/messages", this::send);
        r.get("/v1/messages/:id", this::get);
        r.patch("/v1/messages/:id", this::edit);
        r.delete("/v1/messages/:id", this::delete);
        r.post("/v1/messages/:id/reactions", this::react);
        r.delete("/v1/messages/:id/reactions/:kind", this::unreact);
        r.get("/v1/search", this::search);
    }

    /** 201 with the stored message, or 200 with the first one when the client_id was used already. */
    private Reply send(Call c) {
        String threadText = c.text("thread");
        ThreadId thread = threadText == null ? null : ThreadId.parse(threadText);
        Messages.Send cmd = new Messages.Send(thread, Refs.bodyUser(c, "to"), c.text("client_id"),
                kind(c.text("kind")), c.text("text"), files(c), Refs.bodyUser(c, "shared_user"),
                Refs.bodyMessage(c, "reply_to"), origin(c.text("origin")), null);
        MessageStore.Appended appended = c.chat().messages().send(c.actor(), cmd);
        return Reply.createdOr(appended.created(), Wire.message(appended.message()));
    }

    private Reply get(Call c) {
        return Reply.ok(Wire.message(c.chat().messages().get(c.actor(), Refs.message(c))));
    }

    private Reply edit(Call c) {
        return Reply.ok(Wire.message(c.chat().messages().edit(c.actor(), Refs.message(c), c.requiredText("text"))));
    }

    /** For everyone by default (200 with the tombstone); {@code ?for=me} hides it for the caller (204). */
    private Reply delete(Call c) {
        MessageId id = Refs.message(c);
        String scope = c.query("for");
        if (scope == null || scope.equals("everyone")) {
            return Reply.ok(Wire.message(c.chat().messages().delete(c.actor(), id)));
        }
        if (!scope.equals("me")) {
            throw ParleyException.invalid("for", "for must be me or everyone");
        }
        c.chat().messages().deleteForMe(c.actor(), id);
        return Reply.noContent();
    }

    private Reply react(Call c) {
        MessageId id = Refs.message(c);
        c.chat().messages().react(c.actor(), id, c.requiredText("kind"), true);
        return Reply.ok(Wire.message(c.chat().messages().get(c.actor(), id)));
    }

    private Reply unreact(Call c) {
        MessageId id = Refs.message(c);
        c.chat().messages().react(c.actor(), id, c.path("kind"), false);
        return Reply.ok(Wire.message(c.chat().messages().get(c.actor(), id)));
    }

    /** Full-text search across my threads, or one of them with {@code thread=}. */
    private Reply search(Call c) {
        String threadText = c.query("thread");
        ThreadId thread = threadText == null ? null : ThreadId.parse(threadText);
        List<Message> found = c.chat().messages().search(c.actor(), thread, c.query("q"), c.queryInt("limit"));
        ObjectNode n = Json.obj();
        ArrayNode out = n.putArray("messages");
        found.forEach(m -> out.add(Wire.message(m)));
        return Reply.ok(n);
    }

    private static List<FileId> files(Call c) {
        List<String> ids = c.strings("files", c.chat().limits().maxFilesPerMessage());
        if (ids == null) {
            return List.of();
        }
        List<FileId> files = new ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                files.add(FileId.parse(id));
            } catch (ParleyException e) {
                throw ParleyException.invalid("files", "files must hold file ids");
            }
        }
        return files;
    }

    private static MessageKind kind(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MessageKind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ParleyException.invalid("kind", "kind must be text, file, user_profile or system");
        }
    }

    private static Origin origin(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Origin.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ParleyException.invalid("origin", "origin must be user, agent, integration or system");
        }
    }
}

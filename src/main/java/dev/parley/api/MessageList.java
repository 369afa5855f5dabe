package dev.parley.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.Reaction;

import java.io.IOException;
import java.util.List;

/**
 * A list of messages written straight to the JSON output, for pages of history: the same JSON as an
 * array of {@link Wire#message} (field for field, in the same order; a test holds the two together)
 * without building a tree of fifty objects first. Put it in a reply with {@code putPOJO}.
 */
final class MessageList implements JsonSerializable {
    private final List<Message> messages;

    MessageList(List<Message> messages) {
        this.messages = messages;
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartArray();
        for (Message m : messages) {
            write(g, provider, m);
        }
        g.writeEndArray();
    }

    @Override
    public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer type) throws IOException {
        serialize(g, provider);
    }

    private static void write(JsonGenerator g, SerializerProvider provider, Message m) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", m.id().toString());
        g.writeStringField("thread", m.thread().toString());
        g.writeNumberField("seq", m.seq());
        g.writeStringField("client_id", m.clientId());
        g.writeStringField("sender", m.sender() == null ? null : m.sender().toString());
        g.writeStringField("origin", Wire.lower(m.origin()));
        g.writeStringField("kind", Wire.lower(m.kind()));
        g.writeStringField("text", m.text());
        g.writeArrayFieldStart("files");
        for (FileId f : m.files()) {
            g.writeString(f.toString());
        }
        g.writeEndArray();
        g.writeStringField("shared_user", m.sharedUser() == null ? null : m.sharedUser().toString());
        g.writeStringField("reply_to", m.replyTo() == null ? null : m.replyTo().toString());
        g.writeFieldName("author");
        JsonNode author = Wire.data(m.author());
        if (author == null) {
            g.writeNull();
        } else {
            author.serialize(g, provider);
        }
        g.writeStringField("created_at", Wire.time(m.createdAt()));
        g.writeStringField("edited_at", Wire.time(m.editedAt()));
        g.writeStringField("deleted_at", Wire.time(m.deletedAt()));
        g.writeArrayFieldStart("reactions");
        for (Reaction r : m.reactions()) {
            g.writeStartObject();
            g.writeStringField("user", r.user().toString());
            g.writeStringField("kind", r.kind());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}

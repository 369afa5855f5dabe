package dev.parley.bus;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.parley.core.CommittedEvent;
import dev.parley.core.Event;
import dev.parley.core.FileId;
import dev.parley.core.MessageId;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Committed events as they cross the bus between nodes: one payload per batch of a node's publisher,
 * the publishing node's id and a newline, then the events as a JSON array, so a node skips its own
 * payloads (Redis echoes them) without parsing them ({@link #from}). Every core event round-trips
 * whole (a message with its files and reactions); ids are written as their UUID text.
 *
 * <p>A batch larger than {@link #MAX_PAYLOAD_BYTES} is split into several payloads in order (NATS
 * refuses payloads over its {@code max_payload}, 1 MiB by default).
 */
final class EventCodec {
    /** Payloads stay under this size; a single event larger than it still goes alone. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** A decoded payload: who published it and its events, in the publisher's order. */
    record Batch(String node, List<CommittedEvent> events) {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Event.MessageCreated.class, name = "message.created"),
            @JsonSubTypes.Type(value = Event.MessageUpdated.class, name = "message.updated"),
            @JsonSubTypes.Type(value = Event.MessageDeleted.class, name = "message.deleted"),
            @JsonSubTypes.Type(value = Event.ReactionChanged.class, name = "reaction"),
            @JsonSubTypes.Type(value = Event.ReadMarked.class, name = "read"),
            @JsonSubTypes.Type(value = Event.MemberChanged.class, name = "member"),
            @JsonSubTypes.Type(value = Event.Typing.class, name = "typing")})
    private interface EventTypes {}

    private final ObjectMapper json;
    private static final TypeReference<List<CommittedEvent>> EVENTS = new TypeReference<>() {};

    /** This node's id and the newline, as every payload it encodes starts. */
    private final byte[] prefix;

    /** @param node this node's id, written into every payload it encodes */
    EventCodec(String node) {
        this.prefix = (node + "\n").getBytes(StandardCharsets.UTF_8);
        SimpleModule ids = new SimpleModule("parley-ids");
        id(ids, UserId.class, UserId::value, UserId::new);
        id(ids, ThreadId.class, ThreadId::value, ThreadId::new);
        id(ids, MessageId.class, MessageId::value, MessageId::new);
        id(ids, FileId.class, FileId::value, FileId::new);
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(ids)
                .addMixIn(Event.class, EventTypes.class)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    private static <T> void id(SimpleModule module, Class<T> type, Function<T, UUID> value, Function<UUID, T> make) {
        module.addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(T id, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(value.apply(id).toString());
            }
        });
        module.addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser in, DeserializationContext context) throws IOException {
                String text = in.getValueAsString();
                try {
                    return make.apply(UUID.fromString(text));
                } catch (IllegalArgumentException | NullPointerException e) {
                    return context.reportInputMismatch(type, "not a UUID: %s", text);
                }
            }
        });
    }

    /** The events as one or more payloads, in order, each under {@link #MAX_PAYLOAD_BYTES} where it can be. */
    List<byte[]> encode(List<CommittedEvent> events) {
        List<byte[]> out = new ArrayList<>(1);
        encode(events, out);
        return out;
    }

    private void encode(List<CommittedEvent> events, List<byte[]> out) {
        byte[] whole = write(events);
        if (whole.length <= MAX_PAYLOAD_BYTES || events.size() == 1) {
            out.add(whole);
            return;
        }
        int half = events.size() / 2;
        encode(events.subList(0, half), out);
        encode(events.subList(half, events.size()), out);
    }

    private byte[] write(List<CommittedEvent> events) {
        try {
            byte[] body = json.writeValueAsBytes(events);
            byte[] payload = Arrays.copyOf(prefix, prefix.length + body.length);
            System.arraycopy(body, 0, payload, prefix.length, body.length);
            return payload;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode events for the bus", e);
        }
    }

    /** Whether this node encoded the payload (its id is the payload's first line); nothing is parsed. */
    boolean fromHere(byte[] payload) {
        return Arrays.equals(payload, 0, Math.min(prefix.length, payload.length), prefix, 0, prefix.length);
    }

    /** Reads a payload; throws {@link IOException} for one that is not a batch of events. */
    Batch decode(byte[] payload) throws IOException {
        int newline = -1;
        for (int i = 0; i < payload.length && i <= 256; i++) {
            if (payload[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline <= 0) {
            throw new IOException("not a batch of events: no node id first");
        }
        String from = new String(payload, 0, newline, StandardCharsets.UTF_8);
        List<CommittedEvent> events = json.readValue(payload, newline + 1, payload.length - newline - 1, EVENTS);
        if (events == null) {
            throw new IOException("not a batch of events: no events");
        }
        return new Batch(from, events);
    }
}

package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.FileId;
import dev.parley.core.Message;
import dev.parley.core.MessageId;
import dev.parley.core.MessageKind;
import dev.parley.core.Origin;
import dev.parley.core.Reaction;
import dev.parley.core.ThreadId;
import dev.parley.core.UserId;
import dev.parley.web.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A page of history written straight to JSON is byte for byte what the tree of {@link Wire#message} gives. */
class MessageListTest {

    @Test
    void a_streamed_page_is_the_same_json_as_the_tree_of_wire_messages() {
        ThreadId thread = ThreadId.random();
        UserId ann = UserId.random();
        UserId bob = UserId.random();
        Instant at = Instant.parse("2026-11-21T15:30:00.123456Z");
        List<Message> messages = List.of(
                new Message(1, new MessageId(UUID.randomUUID()), thread, 1, null, null, Origin.INTEGRATION,
                        MessageKind.SYSTEM, "plain", List.of(), null, null, at, null, null, List.of(), null),
                new Message(2, new MessageId(UUID.randomUUID()), thread, 2, "client-2", ann, Origin.USER,
                        MessageKind.TEXT, "quote \" backslash \\ newline \n tab \t control \u0001 é 😀 \u2028 </script>",
                        List.of(FileId.random(), FileId.random()), null, new MessageId(UUID.randomUUID()),
                        at.plusSeconds(1), at.plusSeconds(2), null,
                        List.of(new Reaction(ann, "like"), new Reaction(bob, "ünïcode-😀")), null),
                new Message(3, new MessageId(UUID.randomUUID()), thread, 3_000_000_000L, null, null, Origin.AGENT,
                        MessageKind.USER_PROFILE, null, List.of(), bob, null, at, null, at.plusMillis(5), List.of(),
                        "{\"name\": \"Visitor \\\"V\\\"\", \"n\": [1, 2.5, -3e2, null, true], \"o\": {}}"));

        ArrayNode tree = Json.MAPPER.createArrayNode();
        messages.forEach(m -> tree.add(Wire.message(m)));
        assertThat(Json.write(new MessageList(messages))).isEqualTo(Json.write(tree));

        ObjectNode asTree = Json.obj();
        asTree.set("messages", tree);
        asTree.put("more", true);
        ObjectNode streamed = Json.obj();
        streamed.putPOJO("messages", new MessageList(messages));
        streamed.put("more", true);
        assertThat(Json.bytes(streamed)).isEqualTo(Json.bytes(asTree));
        assertThat(Json.write(new MessageList(List.of()))).isEqualTo("[]");
    }
}
